import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import type { RawTable } from '../data/index.js';
import { resolved } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { loadBundle } from '../bundle/load-bundle.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'overture-warm-start-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** label follows color (with x as noise); `colors`/`labels` say which values the table has. */
function table(rows: number, seed: number, colors: string[], labels: string[]): RawTable {
  const rng = new SeededRandom(seed);
  const color: string[] = [];
  const x: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    const c = rng.nextInt(colors.length);
    color.push(colors[c]);
    x.push((rng.next() * 2 - 1).toFixed(3));
    label.push(labels[c % labels.length]);
  }
  return { columns: ['color', 'x', 'label'], rowCount: rows, data: { color, x, label } };
}

const config = (learningRate: number, epochs: number) => resolved({
  input_features: [{ name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 8 } }, { name: 'x', type: 'number' }],
  output_features: [{ name: 'label', type: 'category' }],
  combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
  trainer: { epochs, batch_size: 32, learning_rate: learningRate, early_stop: -1, validation_metric: 'loss' },
});

describe('model_load_path: training starts from a trained bundle', () => {
  it("preprocesses as the loaded model was trained, extends its vocabularies with new values (which start from scratch, named in a warning) and keeps every other weight", async () => {
    const first = await trainOnTable({ table: table(300, 1, ['red', 'green', 'blue'], ['a', 'b', 'c']), config: config(0.02, 5), seed: 3, outputDirectory: path.join(dir, 'first'), featureImportance: false });
    const before = first.outcome.model.params.snapshot();
    const oldColors = (first.metadata.color as { idx2str: string[] }).idx2str;
    const oldLabels = (first.metadata.label as { idx2str: string[] }).idx2str;
    first.outcome.model.dispose();

    const logs: string[] = [];
    // New data: 'purple' is a new color (the most common: alone, this data would put it first), 'd' a new class, 'c' (blue's) absent.
    // A learning rate of 1e-9 keeps the weights where they started.
    const shifted = table(300, 2, ['purple', 'purple', 'red', 'green'], ['d', 'd', 'a', 'b']);
    const second = await trainOnTable({
      table: shifted, config: config(1e-9, 1), seed: 4, featureImportance: false, modelLoadPath: first.modelDirectory!, log: (m) => logs.push(m),
    });
    const after = second.outcome.model.params.snapshot();
    const newColors = (second.metadata.color as { idx2str: string[] }).idx2str;
    const newLabels = (second.metadata.label as { idx2str: string[] }).idx2str;
    // The old values keep their places; new ones come after; none the model knows is dropped.
    expect(newColors).toEqual([...oldColors, 'purple']);
    expect(newLabels).toEqual([...oldLabels, 'd']);

    const row = (w: { values: Float32Array }, i: number, width: number) => Array.from(w.values.slice(i * width, (i + 1) * width));
    const table8 = (w: typeof before, name: string) => w[name];
    for (const color of ['red', 'green', 'blue']) {
      const was = row(table8(before, 'encoders.color.embeddings'), oldColors.indexOf(color), 8);
      const now = row(table8(after, 'encoders.color.embeddings'), newColors.indexOf(color), 8);
      for (let j = 0; j < 8; j++) expect(now[j]).toBeCloseTo(was[j], 5);
    }
    const purple = row(after['encoders.color.embeddings'], newColors.indexOf('purple'), 8);
    for (const color of ['red', 'green', 'blue']) expect(purple).not.toEqual(row(before['encoders.color.embeddings'], oldColors.indexOf(color), 8));

    // The head scores one class per column: the old classes' columns follow them, the new class's is fresh.
    const headName = Object.keys(after).find((n) => n.startsWith('decoders.label.') && n.endsWith('kernel'))!;
    const [rows, oldCols] = before[headName].shape;
    const newCols = after[headName].shape[1];
    expect(newCols).toBe(oldCols + 1);
    for (const label of ['a', 'b', 'c']) {
      for (let r = 0; r < rows; r++) {
        expect(after[headName].values[r * newCols + newLabels.indexOf(label)]).toBeCloseTo(before[headName].values[r * oldCols + oldLabels.indexOf(label)], 5);
      }
    }
    // Same-shaped parameters start where the bundle's were.
    const combiner = Object.keys(before).find((n) => n.startsWith('combiner.') && n.endsWith('kernel'))!;
    expect(Math.max(...after[combiner].values.map((v, i) => Math.abs(v - before[combiner].values[i])))).toBeLessThan(1e-5);

    expect(logs).toContainEqual(expect.stringMatching(/^model_load_path: \d+ of \d+ parameters start from/));
    expect(logs).toContainEqual("warning: feature 'color': the vocabulary changed from the loaded model's: 1 new value ('purple') start from their initializers");
    expect(logs).toContainEqual("warning: feature 'label': the vocabulary changed from the loaded model's: 1 new value ('d') start from their initializers");
    // Numbers are normalized with the loaded model's statistics, not this data's.
    expect(second.metadata.x).toEqual(first.metadata.x);
    second.outcome.model.dispose();
  }, 60_000);

  it('fine-tuning the bundle on new rows beats training from scratch with the same small budget', async () => {
    const loaded = await loadBundle(path.join(dir, 'first', 'model'));
    loaded.model.dispose();
    const rows = table(120, 9, ['red', 'green', 'blue'], ['a', 'b', 'c']);
    const accuracy = async (modelLoadPath?: string) => {
      const result = await trainOnTable({ table: rows, config: config(0.001, 1), seed: 11, featureImportance: false, ...(modelLoadPath ? { modelLoadPath } : {}) });
      result.outcome.model.dispose();
      return (result.testStatistics as { label: { accuracy: number } }).label.accuracy;
    };
    const tuned = await accuracy(path.join(dir, 'first', 'model'));
    const scratch = await accuracy();
    expect({ tuned, better: tuned > scratch }).toEqual({ tuned, better: true });
  }, 60_000);

  it('says what is wrong with a folder that is no bundle, and with a bundle of other features', async () => {
    const rows = table(60, 5, ['red', 'green'], ['a', 'b']);
    await expect(trainOnTable({ table: rows, config: config(0.01, 1), seed: 1, modelLoadPath: dir })).rejects.toThrow(/model_load_path '.*' is not a model bundle Overture can load/);
    const other = resolved({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'number' }] });
    const numbers: RawTable = { columns: ['x', 'y'], rowCount: 60, data: { x: rows.data.x, y: rows.data.x } };
    await expect(trainOnTable({ table: numbers, config: other, seed: 1, modelLoadPath: path.join(dir, 'first', 'model') })).rejects.toThrow(/none of its parameters fits this config/);
  }, 60_000);
});
