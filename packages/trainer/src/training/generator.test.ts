import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForPrediction, preprocessForTraining } from '../preprocessing/index.js';
import { predictionObject, type SequenceOutputPrediction } from '../preprocessing/postprocess-outputs.js';
import { predictRows } from '../evaluation/predict.js';
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

describe('a generator output given awkward targets', () => {
  it('cuts targets longer than the output max_sequence_length (counted in the report) and decodes no further than it', async () => {
    const config = generatorConfig(2);
    const reply = config.output_features[0] as { preprocessing: { max_sequence_length: number | null } };
    reply.preprocessing.max_sequence_length = 4;
    const { dataset, metadata, report } = preprocessForTraining(replyTable(200, 3), config, { seed: 5 });
    // "hello <name> how are you" and "what do you need <name>" keep <SOS> + 3 words; "goodbye <name>" fits with its <EOS>.
    expect(report.truncatedSequences.reply).toBeGreaterThan(50);
    expect(dataset.features.reply.width).toBe(4);
    const { model } = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const out = predictRows(model, dataset, Int32Array.from([0, 1, 2]), 8).outputs.reply;
      expect(out.width).toBe(4 * (metadata.reply as { vocab_size: number }).vocab_size);
    } finally {
      model.dispose();
    }
  });

  it('drops a missing reply, keeps a blank one as the empty text, and learns to answer it', async () => {
    const table = replyTable(800, 3);
    const replies = table.data.reply as (string | null)[];
    const intents = table.data.intent as string[];
    // One intent answers nothing; a few rows have no reply at all.
    intents.forEach((intent, i) => { if (intent === 'ask') replies[i] = '   '; });
    replies[0] = null;
    replies[1] = null;
    const config = generatorConfig(6);
    const { dataset, metadata, report } = preprocessForTraining(table, config, { seed: 5 });
    expect(report.droppedRows).toContainEqual({ feature: 'reply', reason: 'missing_value', count: 2 });
    const { model } = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const rows = Int32Array.from({ length: 40 }, (_, i) => i);
      const out = predictRows(model, dataset, rows, 16).outputs.reply;
      const feature = model.outputFeatures[0];
      const answers = Array.from(rows, (r) => (predictionObject({ feature, values: out.values, width: out.width }, metadata, r) as SequenceOutputPrediction).prediction);
      const asked = Array.from(rows, (r) => dataset.features.intent.values[r] === (metadata.intent as { str2idx: Record<string, number> }).str2idx.ask);
      expect(asked.some(Boolean)).toBe(true);
      answers.forEach((text, i) => (asked[i] ? expect(text).toBe('') : expect(text.split(' ').length).toBeGreaterThanOrEqual(2)));
    } finally {
      model.dispose();
    }
  });

  it('evaluates targets holding a word never seen in training as the unknown symbol: the row counts as wrong, the metrics stay finite', async () => {
    const config = generatorConfig(6);
    const { dataset, metadata } = preprocessForTraining(replyTable(800, 3), config, { seed: 5 });
    const { model } = await trainModel({ config, dataset, metadata, seed: 9 });
    try {
      const table = { columns: ['intent', 'name', 'reply'], rowCount: 2, data: { intent: ['bye', 'bye'], name: ['ben', 'ben'], reply: ['goodbye ben', 'farewell ben'] } };
      const evaluated = preprocessForPrediction(table, config, metadata);
      const meta = metadata.reply as { str2idx: Record<string, number> };
      expect(evaluated.dataset.features.reply.values[evaluated.dataset.features.reply.width + 1]).toBe(meta.str2idx['<UNK>']);
      const metrics = evaluateSplit(model, evaluated.dataset, metadata, Int32Array.from([0, 1]), 8).reply;
      expect(metrics.sequence_accuracy).toBe(0.5);
      expect(Number.isFinite(metrics.loss) && Number.isFinite(metrics.perplexity)).toBe(true);
    } finally {
      model.dispose();
    }
  });
});
