import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { newUser } from '../support/api';
import { chartDots, shoot, signedInPage, useBrowser } from '../support/browser';

/** Journey 1: upload a CSV, read its profile, pick the target, train, watch, read the results, try a prediction. */
describe('analyst journey in the browser', () => {
  const browser = useBrowser();

  it('goes from a CSV file to a prediction made in a form', async () => {
    const analyst = await newUser('member');
    const { page } = await signedInPage(browser(), analyst.email, analyst.password);
    const shot = (step: string) => shoot(page, 'analyst', step);

    // Upload with a progress bar, then the dataset page with its profile.
    await page.goto('/datasets/new');
    await page.getByTestId('file-input').setInputFiles({ name: 'toy.csv', mimeType: 'text/csv', buffer: Buffer.from(toyCsv(200)) });
    await shot('01-file-chosen');
    await page.getByRole('button', { name: 'Upload and profile' }).click();
    await page.waitForURL(/\/datasets\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="ready"]').waitFor({ timeout: 60_000 });
    const cards = page.locator('[data-column]');
    await cards.nth(3).waitFor();
    expect(await cards.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-column')}:${n.querySelector('.type-tag')?.textContent}`)))
      .toEqual(['x1:number', 'x2:number', 'color:category', 'label:binary']);
    expect(await page.locator('[data-column="x1"] [data-chart="histogram"] .recharts-bar-rectangle').count()).toBeGreaterThan(5);
    await shot('02-profile');
    await page.getByRole('tab', { name: 'Rows' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Rows' }).locator('tbody tr').count()).toBe(25);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Rows 26–50 of 200').waitFor();
    await shot('03-rows');

    // A column's own page: the type can be overridden.
    await page.getByRole('tab', { name: 'Column profile' }).click();
    await page.getByRole('link', { name: 'x1', exact: true }).click();
    await page.getByLabel('Feature type').waitFor();
    expect(await page.getByLabel('Feature type').inputValue()).toBe('number');
    expect(await page.locator('[data-chart="histogram"] .recharts-bar-rectangle').count()).toBeGreaterThan(5);
    await shot('04-column');
    await page.goBack();

    // Pick the column to predict and train.
    await page.getByLabel('Column to predict').selectOption('label');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.locator('[data-chart="learning-curve-label"] .recharts-line-dot').first().waitFor({ timeout: 120_000 });
    await shot('05-training');
    await page.locator('h1 [data-status="completed"]').waitFor({ timeout: 150_000 });
    await page.getByTestId('summary-label').waitFor();

    // Results: charts with points, a summary in words.
    expect(await chartDots(page, 'learning-curve-label')).toBeGreaterThan(2);
    expect(await page.getByTestId('summary-label').textContent()).toMatch(/predicted label correctly \d+(\.\d)?% of the time/);
    expect(await page.locator('[data-chart="confusion-matrix"] td.cell').count()).toBe(4);
    expect(await page.locator('[data-chart="roc"] .recharts-line-curve').getAttribute('d')).toMatch(/^M[\d.,]+(L[\d.,]+){2,}/);
    expect(await page.locator('[data-chart="feature-importance"] .recharts-bar-rectangle').count()).toBe(3);
    await shot('06-results');

    // Try a prediction: deploy from the run page, then the generated form.
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    await page.getByLabel(/^x1/).fill('1.5');
    await page.getByLabel(/^x2/).fill('-1');
    await page.getByLabel(/^color/).selectOption('red');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-label').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('prediction-label').textContent()).toBe('yes');
    await shot('07-prediction');

    // The same results page at 1920 pixels.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot('08-results-1920');

    // Housekeeping: the dataset cannot go while its model is served, and the dialog says why.
    await page.goto('/datasets');
    await page.getByRole('link', { name: 'toy.csv' }).first().click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByText(/delete those deployments first/).waitFor();
    await shot('09-delete-dataset-refused');
    await page.getByRole('button', { name: 'Keep it' }).click();
  });
});
