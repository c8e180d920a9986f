import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, platform } from '../support/api';
import { shoot, signedInPage, useBrowser } from '../support/browser';
import { memberWithTrainedModel } from '../support/seed';

type Answer = { predictions: (Record<string, { prediction: unknown; probability?: number; probabilities?: Record<string, number> }> | null)[]; errors?: unknown[] };

/** The bundle folder of a run in the platform's DATA_DIR (where the worker wrote it). */
function bundleOf(runId: string): string {
  const walk = (dir: string): string | null => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (!statSync(full).isDirectory()) continue;
      if (full.includes(runId) && readdirSync(full).includes('model.onnx')) return full;
      const found = walk(full);
      if (found) return found;
    }
    return null;
  };
  const found = walk(platform().dataDir);
  if (!found) throw new Error(`no bundle of run ${runId} under ${platform().dataDir}`);
  return found;
}

/** Every prediction, label and probability of the browser's answer equals the server's, numbers to 1e-5. */
function expectSameAnswer(browser: Answer, server: Answer) {
  expect(browser.errors).toEqual(server.errors);
  expect(browser.predictions).toHaveLength(server.predictions.length);
  server.predictions.forEach((row, i) => {
    const mine = browser.predictions[i];
    expect(Object.keys(mine ?? {})).toEqual(Object.keys(row ?? {}));
    for (const [output, answer] of Object.entries(row ?? {})) {
      const got = mine![output];
      expect(got.prediction).toEqual(answer.prediction);
      if (answer.probability !== undefined) expect(Math.abs(got.probability! - answer.probability)).toBeLessThanOrEqual(1e-5);
      expect(Object.keys(got.probabilities ?? {}).sort()).toEqual(Object.keys(answer.probabilities ?? {}).sort());
      for (const [label, p] of Object.entries(answer.probabilities ?? {})) expect(Math.abs(got.probabilities![label] - p)).toBeLessThanOrEqual(1e-5);
    }
  });
}

/** The playground runs a tabular model in the browser (onnxruntime-web) and answers as the server does. */
describe('in-browser predictions in the playground', () => {
  const browser = useBrowser();

  it('predicts in the browser with the same answer as the server, and says why a model cannot run there', async () => {
    const { member, run } = await memberWithTrainedModel('in-browser', 4);
    await json(await member.api.post('/api/deployments', { data: { name: 'in-browser-e2e', runId: run.id } }), 201);
    const { page } = await signedInPage(browser(), member.email, member.password);
    const shot = (step: string) => shoot(page, 'in-browser', step);
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));

    await page.goto('/deployments/in-browser-e2e');
    await page.getByRole('form', { name: 'Prediction form' }).waitFor();
    await page.getByLabel('Run in browser').check();
    await page.getByText('Loading the model into your browser…').waitFor({ state: 'detached', timeout: 60_000 });
    await shot('01-run-in-browser');

    const rows = [
      { x1: 0.8, x2: -0.3, color: 'red' },
      { x1: -1.7, x2: 1.9, color: 'blue' },
      { x1: 0.05, x2: 0.4, color: null },
    ];
    for (const [i, row] of rows.entries()) {
      await page.locator('#input-x1').fill(String(row.x1));
      await page.locator('#input-x2').fill(String(row.x2));
      await page.locator('#input-color').selectOption(row.color ?? '');
      await page.getByRole('button', { name: 'Predict', exact: true }).click();
      const source = page.getByTestId('prediction-source');
      await expect.poll(() => source.textContent()).toMatch(/^Computed in your browser in \d+\.\d ms$/);
      const inBrowser = JSON.parse((await page.getByTestId('answer-json').textContent())!) as Answer;
      const server = await json<Answer>(await member.api.post('/predict/in-browser-e2e', { data: { instances: [row] } }), 200);
      expect(['yes', 'no']).toContain(server.predictions[0]!.label.prediction);
      expectSameAnswer(inBrowser, server);

      await page.getByRole('button', { name: 'Compare with server' }).click();
      await expect.poll(() => page.getByTestId('server-comparison').getAttribute('data-match')).toBe('true');
      if (i === 0) await shot('02-same-as-server');
    }
    expect(failures).toEqual([]);

    // A model with an image input runs on the server only: the toggle gives way to the reason.
    const bundle = bundleOf(run.id);
    const configFile = path.join(bundle, 'model_hyperparameters.json');
    const original = readFileSync(configFile, 'utf8');
    const config = JSON.parse(original) as { input_features: Record<string, unknown>[] };
    writeFileSync(configFile, JSON.stringify({ ...config, input_features: [...config.input_features, { name: 'photo', type: 'image' }] }));
    await page.reload();
    await expect.poll(() => page.getByTestId('in-browser-unavailable').textContent()).toBe("Runs on the server only: its image input 'photo' is decoded by the server.");
    expect(await page.getByLabel('Run in browser').count()).toBe(0);
    await shot('03-image-input-server-only');

    // So does a graph over 64 MB, whose bytes the endpoint refuses.
    writeFileSync(configFile, original);
    truncateSync(path.join(bundle, 'model.onnx'), 65 * 1024 * 1024);
    await page.reload();
    await expect.poll(() => page.getByTestId('in-browser-unavailable').textContent()).toBe('Runs on the server only: its model.onnx is 65.0 MB, over the 64.0 MB a browser is sent.');
    const refused = await json(await member.api.get('/api/deployments/in-browser-e2e/model.onnx'), 413);
    expect(refused.error.code).toBe('too_large');
  });
});
