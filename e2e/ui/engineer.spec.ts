import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { memberWithTrainedModel } from '../support/seed';

const run = promisify(execFile);

/** Journey 3: deploy a version, create an API key, copy the curl example and call POST /predict with it. */
describe('engineer journey in the browser', () => {
  const browser = useBrowser();

  it('deploys a model and calls it with the copied curl example and a new API key', async () => {
    const { member: engineer, run: trained } = await memberWithTrainedModel('scoring', 4);
    const { page } = await signedInPage(browser(), engineer.email, engineer.password);
    const shot = (step: string) => shoot(page, 'engineer', step);

    // Deploy the run under a name.
    await page.goto('/deployments');
    await page.getByLabel('Run').selectOption(trained.id);
    await page.getByLabel('Deployment name').fill('scoring-e2e');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('table', { name: 'Deployments' }).getByRole('link', { name: 'scoring-e2e' }).waitFor();
    await shot('01-deployed');

    // An API key, shown once.
    await page.goto('/api-keys');
    await page.getByLabel('What is it for?').fill('curl from the docs');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-api-key').textContent())!.trim();
    expect(key).toMatch(/^ovt_/);
    await shot('02-api-key');

    // The deployment page: playground, the curl example (copied with its button), batch prediction.
    await page.goto('/deployments/scoring-e2e');
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-label').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('prediction-label').textContent()).toMatch(/^(yes|no)$/);
    await page.getByRole('button', { name: 'Copy curl example' }).click();
    const curl = await page.evaluate(() => navigator.clipboard.readText());
    expect(curl).toContain('/predict/scoring-e2e');
    await shot('03-deployment');

    const { stdout } = await run('bash', ['-c', curl], { env: { ...process.env, OVERTURE_API_KEY: key } });
    const answer = JSON.parse(stdout) as { predictions: { label: { prediction: string; probability: number } }[] };
    expect(answer.predictions).toHaveLength(1);
    expect(['yes', 'no']).toContain(answer.predictions[0].label.prediction);
    expect(answer.predictions[0].label.probability).toBeGreaterThanOrEqual(0.5);

    const rows = toyCsv(30, 11).split('\n').map((line) => line.split(',').slice(0, 3).join(',')).join('\n');
    await page.getByLabel('File of rows to predict').setInputFiles({ name: 'new-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
    await page.getByRole('button', { name: 'Predict every row' }).click();
    await page.getByRole('link', { name: 'Download predictions as CSV' }).waitFor({ timeout: 60_000 });
    await page.getByText('30 rows predicted').waitFor();
    await shot('04-batch-prediction');

    // Revoked, the same call is refused.
    await page.goto('/api-keys');
    await page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /curl from the docs/ }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('table', { name: 'API keys' }).getByRole('row', { name: /curl from the docs/ }).locator('[data-status="revoked"]').waitFor();
    const refused = await run('bash', ['-c', `${curl.replace("curl -s", "curl -s -o /dev/null -w '%{http_code}'")}`], { env: { ...process.env, OVERTURE_API_KEY: key } });
    expect(refused.stdout).toBe('401');

    // Housekeeping: undeploy, then delete the run; each confirmation says what goes.
    await page.goto('/deployments/scoring-e2e');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByTestId('delete-consequence').getByText(/stop being answered/).waitFor();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.waitForURL(/\/deployments$/);
    await page.goto(`/runs/${trained.id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByTestId('delete-consequence').getByText(/its metrics, logs and \d+ stored files/).waitFor();
    await shot('05-delete-run-confirmation');
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.waitForURL(/\/runs$/);
    expect((await engineer.api.get(`/api/runs/${trained.id}`)).status()).toBe(404);
  });
});
