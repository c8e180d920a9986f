import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { json } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { memberWithTrainedModel, trainVersion } from '../support/seed';

/** Rows of the toy data (x1, x2, color); `shift` moves x1 and `color` replaces every color. */
function toyRows(count: number, seed: number, options: { shift?: number; color?: string } = {}) {
  return toyCsv(count, seed).trim().split('\n').slice(1).map((line) => {
    const [x1, x2, color] = line.split(',');
    return { x1: Number(x1) + (options.shift ?? 0), x2: Number(x2), color: options.color ?? color };
  });
}

/** An engineer splits a deployment's traffic with a canary, logs it, sees drift flagged, and promotes the canary. */
describe('traffic split and monitoring in the browser', () => {
  const browser = useBrowser();

  it('sets a canary and logging on the deployment page, sees the canary answer, the drift badge, and promotes the canary', async () => {
    const { member, seeded, run: first } = await memberWithTrainedModel('split', 3);
    const second = await trainVersion(member.api, seeded.versionId);
    expect(second.status).toBe('completed');
    await json(await member.api.post('/api/deployments', { data: { name: 'split-e2e', runId: first.id } }), 201);
    const { page } = await signedInPage(browser(), member.email, member.password);
    const shot = (step: string) => shoot(page, 'traffic', step);

    await page.goto('/deployments/split-e2e');
    const traffic = page.getByTestId('traffic-split');
    await traffic.getByRole('button', { name: 'Change split' }).click();
    await page.getByLabel('Canary run (answers a share)').selectOption(second.id);
    await page.getByLabel('Canary share, %').fill('30');
    await page.getByLabel('Requests logged for the drift report, % (0: off)').fill('100');
    await shot('01-split-form');
    await page.getByRole('button', { name: 'Save split' }).click();
    await traffic.getByRole('img', { name: 'primary 70%, canary 30%' }).waitFor();
    await traffic.getByText('100% of requests').waitFor();
    await shot('02-split-saved');

    // Both versions answer, each naming itself; the canary its share.
    const versions = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const response = await member.api.post('/predict/split-e2e', { data: { instances: toyRows(1, 100 + i) } });
      expect(response.status()).toBe(200);
      const version = response.headers()['x-overture-version'];
      expect(response.headers()['x-overture-route']).toBe(version === second.id ? 'canary' : 'primary');
      versions.set(version, (versions.get(version) ?? 0) + 1);
    }
    expect([...versions.keys()].sort()).toEqual([first.id, second.id].sort());

    // Traffic unlike the training data: x1 up by 3, every row blue. The page flags both inputs.
    for (let i = 0; i < 3; i++) {
      expect((await member.api.post('/predict/split-e2e', { data: { instances: toyRows(100, 200 + i, { shift: 3, color: 'blue' }) } })).status()).toBe(200);
    }
    await expect.poll(async () => {
      await page.reload();
      return (await page.getByTestId('drift-badge').textContent({ timeout: 5_000 }).catch(() => null)) ?? '';
    }, { timeout: 30_000 }).toMatch(/drift: .*x1/);
    const driftTable = page.getByRole('table', { name: 'Input drift' });
    await driftTable.locator('tr[data-feature="x1"][data-status="drift"]').waitFor();
    await driftTable.locator('tr[data-feature="color"][data-status="drift"]').waitFor();
    await page.getByRole('table', { name: 'Logged requests' }).getByText('canary').first().waitFor();
    await shot('03-drift');

    // Promote: the canary serves everything and the split is gone.
    await traffic.getByRole('button', { name: 'Promote canary to primary' }).click();
    await traffic.getByRole('img', { name: 'primary 100%, canary 0%' }).waitFor();
    const after = await member.api.post('/predict/split-e2e', { data: { instances: toyRows(1, 1) } });
    expect(after.headers()['x-overture-version']).toBe(second.id);
    await shot('04-promoted');
  });
});
