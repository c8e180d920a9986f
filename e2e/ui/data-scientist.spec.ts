import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { memberWithTrainedModel } from '../support/seed';

type Marker = { owner: string; startLineNumber: number; message: string };
const markers = (page: Page) => page.evaluate(() => (window as unknown as { overtureMonaco: { editor: { getModelMarkers(f: object): Marker[] } } })
  .overtureMonaco.editor.getModelMarkers({}).map((m) => ({ owner: m.owner, startLineNumber: m.startLineNumber, message: m.message })));
const editorText = (page: Page) => page.evaluate(() => (window as unknown as { overtureMonaco: { editor: { getModels(): { getValue(): string }[] } } }).overtureMonaco.editor.getModels()[0].getValue());
const setEditorText = (page: Page, text: string) => page.evaluate((t) => (window as unknown as { overtureMonaco: { editor: { getModels(): { setValue(v: string): void }[] } } }).overtureMonaco.editor.getModels()[0].setValue(t), text);

/** Journey 2: the generated config in Monaco, validation with did-you-mean, a new version, a rerun, compare and lineage. */
describe('data scientist journey in the browser', () => {
  const browser = useBrowser();

  it('edits the config in the editor, reruns it as a new version and compares the runs', async () => {
    const { member: scientist, seeded, run: first } = await memberWithTrainedModel('tickets', 3);
    const { page } = await signedInPage(browser(), scientist.email, scientist.password);
    const shot = (step: string) => shoot(page, 'data-scientist', step);

    // The generated config in Monaco: a misspelt key is flagged on its line, with the did-you-mean.
    await page.goto(`/models/${seeded.modelId}/versions/${seeded.versionId}`);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 60_000 });
    const original = await editorText(page);
    const lines = original.split('\n');
    const epochsLine = lines.findIndex((l) => l.trim().startsWith('epochs:')) + 1;
    expect(epochsLine).toBeGreaterThan(0);
    await setEditorText(page, original.replace('epochs: 3', 'epocs: 3'));
    await expect.poll(async () => (await markers(page)).find((m) => m.owner === 'overture'), { timeout: 20_000 }).toMatchObject({
      startLineNumber: epochsLine,
      message: expect.stringContaining("did you mean 'epochs'?"),
    });
    await expect.poll(async () => (await markers(page)).some((m) => m.owner === 'yaml' && m.startLineNumber === epochsLine), { timeout: 20_000 }).toBe(true);
    await page.getByRole('list', { name: 'Config problems' }).getByText(`Line ${epochsLine}`).waitFor();
    await shot('01-misspelt-key');

    // Fixed in YAML, then edited in the basic form: both views stay in sync.
    await setEditorText(page, original.replace('epochs: 3', 'epochs: 5'));
    await expect.poll(async () => (await markers(page)).filter((m) => m.owner === 'overture').length).toBe(0);
    await page.getByRole('tab', { name: 'Basic' }).click();
    expect(await page.locator('#basic-epochs').inputValue()).toBe('5');
    await page.locator('#basic-learning_rate').fill('0.01');
    await page.locator('#basic-learning_rate').press('Enter');
    await page.getByRole('tab', { name: 'Advanced' }).click();
    await page.getByRole('region', { name: 'trainer options' }).waitFor();
    expect(await page.locator('#cfg-trainer-epochs').inputValue()).toBe('5');
    await shot('02-advanced-form');
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await expect.poll(() => editorText(page)).toMatch(/learning_rate: 0\.01/);

    // Saved as version 3 (parent: version 2) and trained.
    await page.getByLabel(/Unsaved changes/).fill('5 epochs, learning rate 0.01');
    await page.getByRole('button', { name: 'Save and train' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const secondRun = page.url().split('/').pop()!;
    await page.locator('h1 [data-status="completed"]').waitFor({ timeout: 150_000 });
    await shot('03-second-run');

    // Lineage on the model page: v3 under v2 under v1.
    await page.goto(`/models/${seeded.modelId}`);
    await page.locator('[data-version="1"] [data-version="2"] [data-version="3"]').waitFor();
    await shot('04-lineage');

    // Compare the two runs: metrics table, overlaid curves, config diff.
    await page.goto('/runs');
    // Picked newest first: the older version is still the diff's baseline.
    await page.getByLabel(`Compare run ${secondRun.slice(0, 8)}`).check();
    await page.getByLabel(`Compare run ${first.id.slice(0, 8)}`).check();
    await page.getByRole('button', { name: /Compare 2 runs/ }).click();
    await page.waitForURL(/\/runs\/compare\?ids=/);
    await page.getByRole('table', { name: 'Test metrics' }).waitFor();
    expect(await page.getByRole('table', { name: 'Test metrics' }).locator('thead th').count()).toBe(4);
    await expect.poll(() => page.locator('[data-chart="compare-curves"] .recharts-line').count()).toBe(2);
    expect(await page.locator('[data-chart="compare-curves"] .recharts-line-dot').count()).toBeGreaterThanOrEqual(3 + 5);
    const changes = page.getByRole('table', { name: 'Config changes' });
    await changes.waitFor();
    expect(await changes.locator('thead th').allTextContents()).toEqual(['Setting', 'Change', 'v2', 'v3']);
    const epochs = await changes.locator('tr', { hasText: 'trainer.epochs' }).locator('td').allTextContents();
    expect([epochs[0], epochs[2], epochs[3]]).toEqual(['trainer.epochs', '3', '5']);
    expect(await page.getByRole('table', { name: 'Compared runs' }).textContent()).toContain('v3 ← v2 ← v1');
    await page.getByTestId('config-diff').locator('.monaco-diff-editor').waitFor({ timeout: 30_000 });
    await shot('05-compare');
  });
});
