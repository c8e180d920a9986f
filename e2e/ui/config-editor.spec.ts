import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newUser } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { seedModel } from '../support/seed';

const setEditorText = (page: Page, text: string) => page.evaluate((t) => (window as unknown as { overtureMonaco: { editor: { getModels(): { setValue(v: string): void }[] } } }).overtureMonaco.editor.getModels()[0].setValue(t), text);
const editorText = (page: Page) => page.evaluate(() => (window as unknown as { overtureMonaco: { editor: { getModels(): { getValue(): string }[] } } }).overtureMonaco.editor.getModels()[0].getValue());

/** The YAML editor from the item-4 walk: completion inside a feature, and a refused save's error. */
describe('config editor', () => {
  const browser = useBrowser();

  it('completes inside an input_features item without an error in the YAML worker', async () => {
    const member = await newUser('member');
    const seeded = await seedModel(member.api, 'completion');
    const { page } = await signedInPage(browser(), member.email, member.password);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`/models/${seeded.modelId}/versions/${seeded.versionId}`);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 60_000 });
    const lines = (await editorText(page)).split('\n');
    const item = lines.findIndex((l) => /^ {2}- name: /.test(l)) + 1;
    expect(item).toBeGreaterThan(0);
    // The cursor at the end of the item's first line, then a new key of that item.
    for (const where of ['end of name', 'new key']) {
      await page.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+Home');
      for (let i = 1; i < item; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('End');
      if (where === 'new key') {
        await page.keyboard.press('Enter');
        await page.keyboard.type('enc');
      }
      await page.keyboard.press('Control+Space');
      await page.locator('.monaco-editor .suggest-widget.visible').waitFor({ timeout: 20_000 }).catch(() => undefined);
      await page.waitForTimeout(1500);
      await page.keyboard.press('Escape');
    }
    await shoot(page, 'config-editor', '01-completion');
    expect(errors).toEqual([]);
  });

  it('shows a refused save once, beside the problems marked in the editor, and drops it after the fix', async () => {
    const member = await newUser('member');
    const seeded = await seedModel(member.api, 'refused-save');
    const { page } = await signedInPage(browser(), member.email, member.password);
    await page.goto(`/models/${seeded.modelId}/versions/${seeded.versionId}`);
    await page.getByRole('tab', { name: 'YAML' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 60_000 });
    const original = await editorText(page);
    expect(original).toMatch(/^ {2}epochs: 4$/m);
    await setEditorText(page, original.replace(/^ {2}epochs: 4$/m, '  epocs: 4'));
    await page.getByRole('button', { name: 'Save version' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'The version was not saved' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('marked in the editor');
    expect(await refused.textContent()).not.toContain("did you mean 'epochs'");
    await expect.poll(() => page.getByRole('list', { name: 'Config problems' }).getByText("did you mean 'epochs'").count()).toBe(1);
    await shoot(page, 'config-editor', '02-refused-save');
    await setEditorText(page, original.replace(/^ {2}epochs: 4$/m, '  epochs: 5'));
    await refused.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(seeded.versionId));
  });
});
