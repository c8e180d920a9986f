import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { taggingTable } from '../test-support/tagging-table.js';
import { splitRows } from './batches.js';
import { evaluateSplit } from './evaluate-split.js';
import { trainModel } from './train.js';
import { EcdModel } from '../model/ecd.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** Ludwig's tagging config: a sequence input that keeps its steps, sequence_concat, a tagger output. */
export const taggerConfig = (epochs: number) => resolveConfig({
  input_features: [
    { name: 'words', type: 'sequence', encoder: { type: 'embed', embedding_size: 16, reduce_output: null } },
    { name: 'x', type: 'number' },
  ],
  output_features: [{ name: 'tags', type: 'sequence', decoder: { type: 'tagger' } }],
  combiner: { type: 'sequence_concat' },
  trainer: { epochs, batch_size: 32, learning_rate: 0.02, early_stop: -1 },
}).config;

async function heldOutMetrics(random: boolean) {
  const config = taggerConfig(8);
  const { dataset, metadata } = preprocessForTraining(taggingTable(600, 4, { random }), config, { seed: 5 });
  const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
  try {
    return evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).tags;
  } finally {
    outcome.model.dispose();
  }
}

describe('a sequence output with the tagger decoder', () => {
  it('learns to tag each word of a tiny NER task: held-out token accuracy above 0.9, with Ludwig\'s sequence metrics', async () => {
    const before = tf.memory().numTensors;
    const metrics = await heldOutMetrics(false);
    expect(Object.keys(metrics).sort()).toEqual(['char_error_rate', 'edit_distance', 'loss', 'perplexity', 'sequence_accuracy', 'token_accuracy']);
    expect(metrics.token_accuracy).toBeGreaterThan(0.9);
    // Padding steps answer the padding symbol, so a row with every word right is right (Ludwig's all-steps rule).
    expect(metrics.sequence_accuracy).toBeGreaterThan(0.9);
    expect(metrics.perplexity).toBeLessThan(1.1);
    expect(metrics.edit_distance).toBeLessThan(0.2);
    expect(metrics.char_error_rate).toBeLessThan(0.05);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not learn random tags: held-out token accuracy stays near chance on the words (the symbols are free)', async () => {
    const metrics = await heldOutMetrics(true);
    // Start and stop symbols (2 of ~7 counted steps) are always right; a third of the words by chance.
    expect(metrics.token_accuracy).toBeLessThan(0.65);
    expect(metrics.perplexity).toBeGreaterThan(2);
    expect(metrics.sequence_accuracy).toBeLessThan(0.1);
    expect(metrics.edit_distance).toBeGreaterThan(2);
  });
});

describe("a tagger over Ludwig's concat combiner with one lone sequence input", () => {
  it('learns the same task through an FC layer run on every step', async () => {
    const config = resolveConfig({
      input_features: [{ name: 'words', type: 'sequence', encoder: { type: 'embed', embedding_size: 16, reduce_output: null } }],
      output_features: [{ name: 'tags', type: 'sequence', decoder: { type: 'tagger' } }],
      combiner: { type: 'concat', num_fc_layers: 1, output_size: 12 },
      trainer: { epochs: 8, batch_size: 32, learning_rate: 0.02, early_stop: -1 },
    }).config;
    const { dataset, metadata } = preprocessForTraining(taggingTable(600, 4), config, { seed: 5 });
    const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      expect(evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).tags.token_accuracy).toBeGreaterThan(0.9);
    } finally {
      outcome.model.dispose();
    }
  });
});

describe('a tagger model refuses, naming the output', () => {
  const build = (raw: object, table: { words: string[]; tags: string[] }) => {
    const config = resolveConfig(raw).config;
    const { metadata } = preprocessForTraining({ columns: ['words', 'x', 'tags'], rowCount: table.words.length, data: { ...table, x: table.words.map((_, i) => String(i)) } }, config, { seed: 1 });
    return () => new EcdModel(config, metadata, 1).dispose();
  };
  const words = ['alice went home', 'bob', 'the city of rome'];

  it('targets with more tags than the input has tokens', () => {
    expect(build(taggerConfig(1), { words, tags: ['PER O O', 'PER', 'O O O LOC O O'] })).toThrow(
      "output 'tags' holds sequences of up to 8 steps (start and stop symbols included) but the input sequence it tags has 6: a tagger gives one tag per input token, so each row needs at most as many tags as tokens; check the rows or give the input a larger max_sequence_length",
    );
  });

  it('a reduce_input over the combined steps that it does not implement', () => {
    const raw = { ...taggerConfig(1), output_features: [{ name: 'tags', type: 'sequence', decoder: { type: 'tagger' } }, { name: 'x', type: 'number', reduce_input: 'attention' }] };
    const config = { ...raw, input_features: [raw.input_features[0]] };
    expect(build(config, { words, tags: ['PER O O', 'PER', 'O O O LOC'] })).toThrow(
      "output 'x': reduce_input attention over the combined sequence is a Ludwig option that Overture does not support yet for a number output; use sum, mean, max, concat or last",
    );
  });
});
