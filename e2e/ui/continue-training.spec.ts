import { describe, expect, it } from 'vitest';
import { json, until } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { memberWithTrainedModel } from '../support/seed';

/** Issue 17: "Continue training" a completed run for more epochs (Ludwig's model_resume_path), through the browser. */
describe('continuing a training', () => {
  const browser = useBrowser();

  it("trains a completed run's model for more epochs from where it ended, and links the new run to it", async () => {
    const { member, run } = await memberWithTrainedModel('continue-training', 2);
    const { page } = await signedInPage(browser(), member.email, member.password);
    await page.goto(`/runs/${run.id}`);
    await page.getByRole('button', { name: 'Continue training', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Continue training' });
    await dialog.getByText('after 2 epochs').waitFor();
    const epochs = dialog.getByLabel('Additional epochs');
    await epochs.fill('0');
    const start = dialog.getByRole('button', { name: 'Continue training' });
    expect(await start.isDisabled()).toBe(true);
    await epochs.fill('2');
    await dialog.getByText('Training ends after 4 epochs in all').waitFor();
    await shoot(page, 'continue-training', '01-dialog');
    await start.click();
    await page.waitForURL((url) => /\/runs\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(run.id));
    const continuedId = page.url().split('/').pop()!;
    const continued = await until('the continued run to finish', async () => {
      const detail = await json(await member.api.get(`/api/runs/${continuedId}`), 200);
      return ['completed', 'failed', 'cancelled'].includes(detail.status) ? detail : null;
    }, 150_000);
    expect(continued).toMatchObject({ status: 'completed', resumeRunId: run.id, epoch: 4, datasetId: run.datasetId, seed: run.seed });
    expect(continued.summary).toMatchObject({ resumedFromStep: run.step });
    expect(continued.config.trainer.epochs).toBe(4);
    await page.reload();
    await page.getByRole('link', { name: `run ${run.id.slice(0, 8)}` }).waitFor();
    const logs = await json(await member.api.get(`/api/runs/${continuedId}/logs`), 200);
    expect(JSON.stringify(logs)).toMatch(/model_resume_path: continuing the training saved in .* at epoch 3, step \d+/);
    await shoot(page, 'continue-training', '02-continued-run');
  }, 240_000);
});
