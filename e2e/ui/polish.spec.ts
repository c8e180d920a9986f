import { parquetReadObjects } from 'hyparquet';
import { toyCsv } from '@overture/testing';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { json, newUser, platform, uploadCsv } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { memberWithTrainedModel, seedModel, trainVersion } from '../support/seed';

/** Tick labels of a Recharts axis, as numbers. */
async function tickValues(page: Page, chart: string, axis: 'x' | 'y'): Promise<number[]> {
  // Recharts 3 draws tick labels in a layer of their own, apart from the axis line.
  const texts = await page.locator(`[data-chart="${chart}"] .recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();
  return texts.map(Number);
}

/** Equally spaced by 1, 2, 2.5 or 5 times a power of ten: what a reader can count along. */
function isNiceSequence(ticks: number[]): boolean {
  if (ticks.length < 2 || ticks.some((t) => !Number.isFinite(t))) return false;
  const step = ticks[1] - ticks[0];
  const power = 10 ** Math.floor(Math.log10(step));
  const fraction = Math.round((step / power) * 1000) / 1000;
  return [1, 2, 2.5, 5].includes(fraction) && ticks.every((t, i) => Math.abs(t - ticks[0] - i * step) < step * 1e-6);
}

/** Issue 16, items 4, 5, 7 and 8: what a newcomer tripped over, walked again in the browser. */
describe('polish from a newcomer\'s walk', () => {
  const browser = useBrowser();

  it('keeps the email after a wrong password and clears only the password', async () => {
    const user = await newUser('member');
    const context = await browser().newContext({ baseURL: platform().baseURL });
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.auth-error').waitFor(); // not getByRole('alert'): Next's route announcer is one too
    expect(await page.getByLabel('Email').inputValue()).toBe(user.email);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await shoot(page, 'polish', '01-wrong-password');
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await context.close();
  });

  it('shows each worker\'s training backend with SIMD and its threads', async () => {
    const admin = await newUser('admin');
    const { page } = await signedInPage(browser(), admin.email, admin.password);
    await page.goto('/workers');
    const backend = page.getByTestId('worker-backend').first();
    await backend.waitFor();
    const text = (await backend.textContent()) ?? '';
    expect(text).toMatch(/^WebAssembly · SIMD/);
    expect(text).toMatch(/\d+ training threads? · \d+ cores?/);
    await shoot(page, 'polish', '02-workers');
  });

  it('asks before cancelling a run, and keeps it training when the user says so', async () => {
    const member = await newUser('member');
    const seeded = await seedModel(member.api, 'long-training', 10_000, { untilCancelled: true });
    const run = await json(await member.api.post('/api/runs', { data: { versionId: seeded.versionId } }), 201);
    const { page } = await signedInPage(browser(), member.email, member.password);
    await page.goto(`/runs/${run.id}`);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this run?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('leaves no trained model');
    await shoot(page, 'polish', '03-cancel-confirmation');
    await dialog.getByRole('button', { name: 'Keep training' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await json(await member.api.get(`/api/runs/${run.id}`), 200)).cancelRequested).toBe(false);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await dialog.getByRole('button', { name: 'Cancel the run' }).click();
    await expect.poll(async () => (await json(await member.api.get(`/api/runs/${run.id}`), 200)).cancelRequested).toBe(true);
  });

  it('predicts with a number left missing, reads nice chart axes, and downloads batch results as CSV and Parquet', async () => {
    const { member, run: trained } = await memberWithTrainedModel('polish', 4);
    const { page } = await signedInPage(browser(), member.email, member.password);

    // Charts: feature importance ticks are nice numbers and every name fits its axis.
    await page.goto(`/runs/${trained.id}`);
    try {
      await page.locator('[data-chart="feature-importance"] .recharts-bar-rectangle').first().waitFor({ timeout: 60_000 });
    } finally {
      await shoot(page, 'polish', '04-run-charts');
    }
    const ticks = await tickValues(page, 'feature-importance', 'x');
    expect({ ticks, nice: isNiceSequence(ticks) }).toEqual({ ticks, nice: true });
    // Learning curves: steps and losses are labelled with round numbers (inside the data's own ends).
    const steps = await tickValues(page, 'learning-curve-label', 'x');
    expect({ steps, nice: isNiceSequence(steps.slice(1, -1)) }).toEqual({ steps, nice: true });
    const losses = await tickValues(page, 'learning-curve-label', 'y');
    expect({ losses, nice: isNiceSequence(losses) }).toEqual({ losses, nice: true });
    // No feature name starts left of the chart (a clipped label does).
    const chartLeft = (await page.locator('[data-chart="feature-importance"]').boundingBox())!.x;
    const labelLefts = await page.locator('[data-chart="feature-importance"] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().left));
    expect(labelLefts.length).toBeGreaterThan(0);
    for (const left of labelLefts) expect(left).toBeGreaterThanOrEqual(chartLeft);
    // The curves' axis titles stand clear of their tick values (the title sat across "0.75").
    for (const [chart, yTitle] of [['roc', 'true positive rate'], ['precision-recall', 'precision']]) {
      const title = (await page.locator(`[data-chart="${chart}"] text`, { hasText: new RegExp(`^${yTitle}$`) }).boundingBox())!;
      const tickLefts = await page.locator(`[data-chart="${chart}"] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value`).evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().left));
      expect({ chart, clear: title.x + title.width <= Math.min(...tickLefts) }).toEqual({ chart, clear: true });
    }

    // Deploy, then the playground: a number field can be sent as missing.
    await json(await member.api.post('/api/deployments', { data: { name: 'polish-e2e', runId: trained.id } }), 201);
    await page.goto('/deployments/polish-e2e');
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    const x1 = page.getByRole('textbox', { name: /^x1/ });
    await page.locator('label', { hasText: 'missing' }).first().getByRole('checkbox').check();
    expect(await x1.inputValue()).toBe('');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await page.getByTestId('prediction-label').waitFor({ timeout: 30_000 });
    expect(await page.getByText('send null').count()).toBe(0);
    await x1.fill('abc');
    await page.getByText('x1: enter a number, or tick “missing”.').waitFor();
    await x1.fill('1.5');
    await shoot(page, 'polish', '05-playground');

    // Batch prediction: CSV, Parquet and JSON lines, Ludwig's columns; the upload is not a library dataset.
    const rows = toyCsv(25, 13).split('\n').map((line) => line.split(',').slice(0, 3).join(',')).join('\n');
    await page.getByLabel('File of rows to predict').setInputFiles({ name: 'to-score.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
    await page.getByRole('button', { name: 'Predict every row' }).click();
    const csvLink = page.getByRole('link', { name: 'Download predictions as CSV' });
    await csvLink.waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Download predictions as Parquet' }).waitFor();
    await page.getByRole('link', { name: 'Download predictions as JSON lines' }).waitFor();
    await shoot(page, 'polish', '06-batch-downloads');
    const csv = await (await member.api.get((await csvLink.getAttribute('href'))!)).text();
    const [header, ...lines] = csv.trim().split('\n');
    expect(header.split(',')).toEqual(['label_predictions', expect.stringMatching(/^label_probabilities_/), expect.stringMatching(/^label_probabilities_/), 'label_probability']);
    expect(lines).toHaveLength(25);
    const parquetHref = await page.getByRole('link', { name: 'Download predictions as Parquet' }).getAttribute('href');
    const parquet = await (await member.api.get(parquetHref!)).body();
    const records = await parquetReadObjects({ file: parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) as ArrayBuffer });
    expect(records).toHaveLength(25);
    expect(Object.keys(records[0])).toEqual(header.split(','));
    const listed = await json(await member.api.get('/api/datasets?limit=500'), 200);
    expect(listed.datasets.map((d: { name: string }) => d.name)).not.toContain('to-score.csv');
    const all = await json(await member.api.get('/api/datasets?limit=500&include=prediction_inputs'), 200);
    expect(all.datasets.map((d: { name: string }) => d.name)).toContain('to-score.csv');
  });

  it('fits long class names in the confusion matrix: whole, standing upright, or shortened with the full name on hover', async () => {
    const member = await newUser('member');
    const long = { yes: 'refund_requested_after_the_parcel_arrived_damaged_and_late', no: 'no_action_needed' };
    const csv = toyCsv(200, 11).replace(/,(yes|no)$/gm, (_, v: 'yes' | 'no') => `,${long[v]}`);
    const dataset = await uploadCsv(member.api, csv, 'long-labels.csv');
    const model = await json(await member.api.post('/api/models', { data: { name: 'long-labels', datasetId: dataset.id, targets: ['label'] } }), 201);
    const config = (model.config as string).replace(/^trainer:\n/m, 'trainer:\n  epochs: 3\n');
    const version = await json(await member.api.post(`/api/models/${model.id}/versions`, { data: { config, parentVersionId: model.versionId, message: '3 epochs' } }), 201);
    const run = await trainVersion(member.api, version.versionId);
    expect(run.status).toBe('completed');
    const { page } = await signedInPage(browser(), member.email, member.password);
    await page.goto(`/runs/${run.id}`);
    const headers = page.locator('[data-chart="confusion-matrix"] th[title]');
    await headers.first().waitFor({ timeout: 60_000 });
    const boxes = await headers.evaluateAll((ths) => ths.map((th) => ({
      title: th.getAttribute('title') ?? '', text: th.textContent ?? '',
      overflows: th.scrollWidth > th.clientWidth + 1 || th.scrollHeight > th.clientHeight + 1,
    })));
    await shoot(page, 'polish', '06-long-class-names');
    // Two column and two row headers, none overflowing its cell, each the name or its start and an ellipsis.
    expect(boxes).toHaveLength(4);
    for (const box of boxes) {
      expect(box, box.title).toMatchObject({ overflows: false });
      expect(box.text === box.title || (box.text.endsWith('…') && box.title.startsWith(box.text.slice(0, -1))), `${box.text} for ${box.title}`).toBe(true);
    }
    expect(boxes.map((b) => b.title).sort()).toEqual([long.no, long.no, long.yes, long.yes]);
  });
});
