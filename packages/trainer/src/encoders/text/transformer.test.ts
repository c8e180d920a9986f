import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import type { RawTable } from '../../data/index.js';
import { preprocessForTraining } from '../../preprocessing/index.js';
import { splitRows } from '../../training/batches.js';
import { evaluateSplit } from '../../training/evaluate-split.js';
import { trainModel } from '../../training/train.js';
import { SeededRandom } from '../../util/random.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * Texts of 3–8 filler words with "good" and "bad" each once; the label is which comes first.
 * Both words are in every text, so their counts (a bag of words, tf-idf) say nothing: only a
 * model that sees positions scores above chance.
 */
function orderTable(rows: number, seed: number): RawTable {
  const rng = new SeededRandom(seed);
  const fillers = ['the', 'a', 'movie', 'plot', 'was', 'very', 'and', 'but', 'actors', 'ending'];
  const data: Record<string, string[]> = { review: [], label: [] };
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 3 + rng.nextInt(6) }, () => fillers[rng.nextInt(fillers.length)]);
    const first = rng.nextInt(words.length + 1);
    words.splice(first, 0, 'good');
    const second = first + 1 + rng.nextInt(words.length - first);
    const goodFirst = rng.next() < 0.5;
    words.splice(second, 0, 'bad');
    if (!goodFirst) {
      words[first] = 'bad';
      words[second] = 'good';
    }
    data.review.push(words.join(' '));
    data.label.push(goodFirst ? 'positive' : 'negative');
  }
  return { columns: Object.keys(data), rowCount: rows, data };
}

async function train(encoder: Record<string, unknown>, epochs: number) {
  const config = resolveConfig({
    input_features: [{ name: 'review', type: 'text', preprocessing: { max_sequence_length: 12 }, encoder }],
    output_features: [{ name: 'label', type: 'binary' }],
    trainer: { epochs, batch_size: 32, learning_rate: 0.003, early_stop: -1 },
  }).config;
  const { dataset, metadata } = preprocessForTraining(orderTable(800, 3), config, { seed: 5 });
  const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
  try {
    return {
      train: evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 0), 256).label,
      test: evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).label,
    };
  } finally {
    outcome.model.dispose();
  }
}

describe('the transformer text encoder', () => {
  it.each(['mean', 'attention', 'last'])('learns which of two words comes first (positions and attention), where a bag of words is at chance (reduce_output %s)', async (reduce) => {
    const tensors = tf.memory().numTensors;
    const { test } = await train({ type: 'transformer', num_layers: 1, hidden_size: 16, num_heads: 2, embedding_size: 16, transformer_output_size: 32, reduce_output: reduce, dropout: 0 }, 20);
    expect(test.accuracy).toBeGreaterThan(0.8);
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.memory().numTensors).toBe(tensors);
  }, 60_000);

  it('tf_idf on the same task stays near chance (the task needs order)', async () => {
    const { test } = await train({ type: 'tf_idf' }, 10);
    expect(test.accuracy).toBeLessThan(0.65);
  }, 60_000);
});
