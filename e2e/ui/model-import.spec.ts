import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { json } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { cliTrainedArchive } from '../support/cli-bundle';
import { memberWithTrainedModel } from '../support/seed';

/**
 * Journey 3b: a model trained with the CLI is imported, deployed and called; then the deployment
 * is switched to a run trained on the platform, without a reload, and answers again.
 */
describe('engineer journey: import a CLI model and switch a deployment', () => {
  const browser = useBrowser();

  it('imports a bundle trained with the CLI, deploys it, predicts, then switches the deployment to another run', async () => {
    const [{ member: engineer, run: trained }, { archive, bareArchive }] = await Promise.all([memberWithTrainedModel('scoring-platform', 4), cliTrainedArchive(4)]);
    const { page } = await signedInPage(browser(), engineer.email, engineer.password);
    const shot = (step: string) => shoot(page, 'engineer-import', step);

    // Import: file picker, progress, then the new model's page.
    await page.goto('/models');
    await page.getByRole('button', { name: 'Import model' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a model trained with the CLI' });
    await dialog.getByTestId('model-archive-input').setInputFiles(archive);
    await dialog.getByText('toy-cli-model.tar.gz').waitFor();
    await dialog.getByLabel('Name').fill('Churn from the CLI');
    await shot('01-import-dialog');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await page.waitForURL(/\/models\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Churn from the CLI/ }).getByText('imported').waitFor();
    await page.getByText(/Imported from toy-cli-model\.tar\.gz: trained with Overture/).waitFor();
    // Its model card, from the bundle's card.json (what `overture describe` prints).
    const card = page.getByRole('region', { name: 'Model card' });
    await card.getByRole('heading', { name: 'Limitations' }).waitFor();
    await card.getByRole('table', { name: 'Metrics per split' }).waitFor();
    await card.locator('[data-chart="feature-importance"]').waitFor();
    await shot('02-imported-model');

    // Its run: imported, learning curves from the bundle's statistics, test results.
    await page.getByRole('table', { name: 'Runs' }).getByRole('link').first().click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    const runId = page.url().split('/').pop()!;
    await page.getByTestId('imported-summary').getByText('toy-cli-model.tar.gz').waitFor();
    await page.locator('[data-chart^="learning-curve-"]').first().waitFor();
    await page.getByRole('heading', { name: 'Results on the test set' }).waitFor();
    await shot('03-imported-run');

    // Deploy it from the run page and predict in the playground: with no dataset here, the typical
    // row comes from the bundle's training-set metadata (number means, category values).
    await page.getByLabel('Deployment name').fill('imported-e2e');
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    expect(Number(await page.locator('#input-x1').inputValue())).toBeCloseTo(0.0588, 3);
    expect(await page.locator('#input-color option').allTextContents()).toEqual(['(missing)', 'green', 'red', 'blue']);
    await page.locator('#input-x1').fill('1.5');
    await page.locator('#input-x2').fill('-1');
    await page.locator('#input-color').selectOption('red');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-label').waitFor();
    expect(await page.getByTestId('prediction-label').textContent()).toBe('yes');

    // The deployment page: switch to the run trained on the platform (another model), by keyboard.
    await page.goto('/deployments/imported-e2e');
    const serving = page.getByTestId('serving-version');
    await serving.getByRole('link', { name: runId.slice(0, 8) }).waitFor();
    await serving.getByRole('button', { name: 'Switch version' }).click();
    await serving.getByText('No other completed run of Churn from the CLI').waitFor();
    await serving.getByLabel(/Show runs of every model/).check();
    const choice = serving.getByRole('radio', { name: new RegExp(`run ${trained.id.slice(0, 8)}`) });
    await choice.focus();
    await page.keyboard.press('Space');
    expect(await choice.isChecked()).toBe(true);
    await shot('04-switch-picker');
    await serving.getByRole('button', { name: /^Switch to v\d+$/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Switch imported-e2e?' });
    await confirm.getByText(/belongs to another model/).waitFor();
    await shot('05-switch-confirm');
    await page.keyboard.press('Enter'); // the confirm button has the focus
    await serving.getByRole('status').getByText(/^Now serving scoring-platform v\d+/).waitFor();
    await serving.getByRole('link', { name: trained.id.slice(0, 8) }).waitFor();
    await page.getByText(`run ${trained.id.slice(0, 8)}`, { exact: true }).waitFor(); // the page header followed, without a reload
    const deployment = await json(await engineer.api.get('/api/deployments/imported-e2e'), 200);
    expect(deployment.runId).toBe(trained.id);

    // The playground now asks the platform-trained model (its row is prefilled from its dataset's profile).
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-label').waitFor();
    expect(await page.getByTestId('prediction-label').textContent()).toMatch(/^(yes|no)$/);
    await shot('06-switched');

    // The model folder alone (as a run download holds it) imports too; its run says what it lacks.
    const bare = await json(await engineer.api.post('/api/models/import', { multipart: { file: { name: 'model.tar.gz', mimeType: 'application/gzip', buffer: readFileSync(bareArchive) } } }), 201);
    expect(bare).toMatchObject({ name: 'label model (imported)', hasTestStatistics: false });
    await page.goto(`/runs/${bare.runId}`);
    await page.getByTestId('imported-summary').waitFor();
    await page.getByText('No test results in the bundle').waitFor();
    await page.getByRole('heading', { name: 'Try a prediction' }).waitFor();
    await shot('07-bare-bundle-run');
  });
});
