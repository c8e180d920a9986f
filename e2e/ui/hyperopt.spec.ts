import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { json, newUser, uploadCsv } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';

const config = `input_features:
  - {name: x1, type: number}
  - {name: x2, type: number}
  - {name: color, type: category}
output_features:
  - {name: label, type: binary}
trainer: {epochs: 2, learning_rate: 0.01}
hyperopt:
  goal: maximize
  metric: accuracy
  output_feature: label
  parameters:
    trainer.learning_rate: {space: loguniform, lower: 0.001, upper: 0.1}
    combiner.output_size: {space: choice, categories: [8, 16]}
  search_alg: {type: random, random_state: 1}
  executor: {num_samples: 3}
`;

/** A data scientist searches hyperparameters of a version from its page and watches the trials fill in. */
describe('hyperparameter search in the browser', () => {
  const browser = useBrowser();

  it('starts a study from a version with a hyperopt section and sees the trials table fill in, live', async () => {
    const member = await newUser('member');
    const dataset = await uploadCsv(member.api, toyCsv(150));
    const model = await json(await member.api.post('/api/models', { data: { name: 'searched', datasetId: dataset.id, config } }), 201);
    const { page } = await signedInPage(browser(), member.email, member.password);
    await page.goto(`/models/${model.id}/versions/${model.versionId}`);
    await page.getByRole('button', { name: 'Search hyperparameters' }).click();
    await page.waitForURL(/\/studies\/[0-9a-f-]{36}$/);
    const table = page.getByTestId('trials-table');
    await table.waitFor({ timeout: 60_000 });
    // Parameters are columns, in the config's order.
    expect(await table.locator('thead th').allTextContents()).toEqual(['Trial ↑', 'Status', 'trainer.learning_rate', 'combiner.output_size', 'accuracy', 'Evaluations', 'Run']);
    await page.locator('h1 [data-status="completed"]').waitFor({ timeout: 240_000 });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('tbody [data-status="completed"]').count()).toBe(3);
    await page.getByText('best', { exact: true }).waitFor();
    expect(await page.locator('[data-chart="parallel-coordinates"] polyline').count()).toBe(3);
    expect(await page.locator('[data-chart="best-so-far"] .recharts-line-dot').count()).toBe(3);
    await shoot(page, 'hyperopt', '01-study');

    // Sorting by the metric puts the best first; each trial links to its run.
    await table.getByRole('button', { name: 'accuracy' }).click();
    expect(await table.locator('tbody tr').first().textContent()).toContain('best');
    await table.locator('tbody tr').first().getByRole('link').click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    await page.locator('h1 [data-status="completed"]').waitFor();
  });
});
