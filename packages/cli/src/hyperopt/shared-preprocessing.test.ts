import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readTable, trialConfig } from '@overture/trainer';
import { preprocessForTraining, readPreprocessed } from '@overture/trainer/preprocessing';
import { SharedPreprocessing } from './shared-preprocessing.js';

const penguins = fileURLToPath(new URL('../../../../examples/penguins/penguins.csv', import.meta.url));
const baseConfig = {
  input_features: [{ name: 'island', type: 'category' }, { name: 'beak_length_mm', type: 'number' }],
  output_features: [{ name: 'species', type: 'category' }],
  trainer: { epochs: 1 },
};

let shared: SharedPreprocessing | null = null;
afterEach(() => shared?.close());

describe('SharedPreprocessing', () => {
  it('preprocesses once for trials that differ in training settings, again for one that changes preprocessing, and removes its folder', async () => {
    const table = await readTable(penguins);
    const made: number[] = [];
    shared = await SharedPreprocessing.create({ table, dataset: penguins, baseConfig, seed: 5, onPreprocessed: (_, rows) => made.push(rows) });
    const [a, b] = await Promise.all([
      shared.entryFor({ 'trainer.learning_rate': 0.1 }),
      shared.entryFor({ 'trainer.learning_rate': 0.001, 'combiner.num_fc_layers': 2 }),
    ]);
    expect(b).toBe(a);
    expect(made).toEqual([344]);
    // What the trial process reads is what it would have preprocessed itself.
    const config = trialConfig(baseConfig, { 'trainer.learning_rate': 0.1 });
    expect(await readPreprocessed(a)).toEqual(preprocessForTraining(table, config, { seed: 5 }));
    const c = await shared.entryFor({ 'preprocessing.split': { type: 'random', probabilities: [0.5, 0.25, 0.25] } });
    expect(c).not.toBe(a);
    expect((await readPreprocessed(c))!.report.split.train).toBeLessThan((await readPreprocessed(a))!.report.split.train);
    expect(shared.count).toBe(2);
    await shared.close();
    expect(existsSync(path.dirname(a))).toBe(false);
  }, 60_000);

  it("rejects with the reason when a trial's config or data cannot be preprocessed, for each trial that needs it", async () => {
    shared = await SharedPreprocessing.create({ table: await readTable(penguins), dataset: penguins, baseConfig, seed: 5 });
    const bad = { 'preprocessing.split': { type: 'fixed', column: 'island' } };
    await expect(shared.entryFor(bad)).rejects.toThrow("Split column 'island' has 344 values that name no split");
    await expect(shared.entryFor(bad)).rejects.toThrow('name no split');
    await expect(shared.entryFor({ 'trainer.learning_rate': 'fast' })).rejects.toThrow('learning_rate');
  }, 60_000);
});
