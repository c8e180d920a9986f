import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { generatorConfig, replyTable } from '../test-support/reply-table.js';
import { splitRows } from './batches.js';
import { evaluateSplit } from './evaluate-split.js';
import { trainModel } from './train.js';

beforeAll(async () => {
  await initBackend('wasm');
});

async function heldOutMetrics(shuffled: boolean) {
  const config = generatorConfig(6);
  const { dataset, metadata } = preprocessForTraining(replyTable(1200, 3, { shuffled }), config, { seed: 5 });
  const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
  try {
    return evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).reply;
  } finally {
    outcome.model.dispose();
  }
}

describe('a text output with the generator decoder', () => {
  it('learns a templated reply from an intent and a name: held-out sequence accuracy of greedy decoding above 0.9', async () => {
    const before = tf.memory().numTensors;
    const metrics = await heldOutMetrics(false);
    console.log('generator held-out metrics', metrics);
    expect(Object.keys(metrics).sort()).toEqual(['char_error_rate', 'edit_distance', 'loss', 'perplexity', 'sequence_accuracy', 'token_accuracy']);
    expect(metrics.sequence_accuracy).toBeGreaterThan(0.9);
    expect(metrics.token_accuracy).toBeGreaterThan(0.95);
    expect(metrics.edit_distance).toBeLessThan(0.2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not learn replies shuffled across rows: held-out sequence accuracy stays near chance', async () => {
    const metrics = await heldOutMetrics(true);
    console.log('generator shuffled-control metrics', metrics);
    expect(metrics.sequence_accuracy).toBeLessThan(0.2);
    expect(metrics.edit_distance).toBeGreaterThan(1);
  });
});
