import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { json, until, uploadCsv } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { memberWithTrainedModel } from '../support/seed';

/** Issue 17: "Fine-tune on another dataset" from a run page, through the browser. */
describe('fine-tuning a trained model', () => {
  const browser = useBrowser();

  it("starts a run on another dataset from the run's weights and links it to the run it started from", async () => {
    const { member, run } = await memberWithTrainedModel('fine-tune', 3);
    const newer = await uploadCsv(member.api, toyCsv(160, 21), 'newer.csv');
    const { page } = await signedInPage(browser(), member.email, member.password);
    await page.goto(`/runs/${run.id}`);
    await page.getByRole('button', { name: 'Fine-tune', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Fine-tune this model' });
    const start = dialog.getByRole('button', { name: 'Start fine-tuning' });
    expect(await start.isDisabled()).toBe(true);
    await dialog.getByLabel('Dataset to fine-tune on').selectOption(newer.id);
    await shoot(page, 'fine-tune', '01-dialog');
    await start.click();
    await page.waitForURL((url) => /\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(run.id));
    const tunedId = page.url().split('/').pop()!;
    const tuned = await until('the fine-tuned run to finish', async () => {
      const detail = await json(await member.api.get(`/api/runs/${tunedId}`), 200);
      return ['completed', 'failed', 'cancelled'].includes(detail.status) ? detail : null;
    }, 150_000);
    expect(tuned).toMatchObject({ status: 'completed', datasetId: newer.id, modelLoadRunId: run.id });
    await page.reload();
    await page.getByRole('link', { name: `run ${run.id.slice(0, 8)}` }).waitFor();
    const logs = await json(await member.api.get(`/api/runs/${tunedId}/logs`), 200);
    expect(JSON.stringify(logs)).toMatch(/model_load_path: \d+ of \d+ parameters start from/);
    await shoot(page, 'fine-tune', '02-fine-tuned-run');
  }, 240_000);
});
