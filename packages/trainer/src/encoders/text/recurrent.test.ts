import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init-backend.js';
import type { RawTable } from '../../data/index.js';
import { checkParity } from '../../export/test/parity.js';
import { preprocessForTraining } from '../../preprocessing/index.js';
import { splitRows } from '../../training/batches.js';
import { evaluateSplit } from '../../training/evaluate-split.js';
import { trainModel } from '../../training/train.js';
import { SeededRandom } from '../../util/random.js';
import { ParameterStore } from '../../model/parameters.js';
import { tensorCountChange } from '../../test-support/gradient-check.js';
import { encoderFactory } from '../registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * Texts of 2–9 filler words with "alpha" and "beta" once each at random places; the label says
 * whether alpha comes first. Every text of a class has the same words as some text of the other,
 * so only the order tells them apart: a bag of words scores 0.5.
 */
function orderTable(rows: number, seed: number): RawTable {
  const rng = new SeededRandom(seed);
  const fillers = ['the', 'a', 'red', 'blue', 'cat', 'dog', 'runs', 'sleeps', 'and', 'then'];
  const text: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 2 + rng.nextInt(8) }, () => fillers[rng.nextInt(fillers.length)]);
    const first = rng.nextInt(words.length + 1);
    words.splice(first, 0, 'alpha');
    const second = rng.nextInt(words.length + 1);
    words.splice(second, 0, 'beta');
    text.push(words.join(' '));
    label.push(String(words.indexOf('alpha') < words.indexOf('beta')));
  }
  return { columns: ['text', 'label'], rowCount: rows, data: { text, label } };
}

async function testAccuracy(encoder: Record<string, unknown>, preprocessing: Record<string, unknown> = {}, epochs = 12): Promise<number> {
  const config = resolveConfig({
    input_features: [{ name: 'text', type: 'text', encoder: encoder.type === 'tf_idf' ? encoder : { embedding_size: 16, state_size: 24, ...encoder }, preprocessing }],
    output_features: [{ name: 'label', type: 'binary' }],
    combiner: { type: 'concat' },
    trainer: { epochs, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
  }).config;
  const { dataset, metadata } = preprocessForTraining(orderTable(800, 3), config, { seed: 5 });
  const outcome = await trainModel({ config, dataset, metadata, seed: 9 });
  try {
    expect(tf.getBackend()).toBe('wasm');
    const accuracy = evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).label.accuracy;
    return accuracy;
  } finally {
    outcome.model.dispose();
  }
}

describe('the recurrent text encoders learn word order', () => {
  // Chance is 0.5 and bag-of-words models stay there; a cell whose state ignored the order, or a
  // backward pass with the wrong sign, would too.
  it('the task needs the order: tf_idf (a bag of words) stays near chance', async () => {
    expect(await testAccuracy({ type: 'tf_idf' })).toBeLessThan(0.65);
  }, 20_000);

  it('rnn with an lstm cell tells which of two words came first', async () => {
    expect(await testAccuracy({ type: 'rnn', cell_type: 'lstm' })).toBeGreaterThan(0.9);
  }, 20_000);

  it('rnn with two lstm layers, embedding and recurrent dropout', async () => {
    expect(await testAccuracy({ type: 'rnn', cell_type: 'lstm', num_layers: 2, dropout: 0.1, recurrent_dropout: 0.2 })).toBeGreaterThan(0.9);
  }, 20_000);

  it("rnn with Ludwig's default cell (a plain tanh rnn)", async () => {
    expect(await testAccuracy({ type: 'rnn' })).toBeGreaterThan(0.9);
  }, 20_000);

  it('rnn with an lstm cell and an attention reduction', async () => {
    expect(await testAccuracy({ type: 'rnn', cell_type: 'lstm', reduce_output: 'attention' })).toBeGreaterThan(0.9);
  }, 20_000);

  it('rnn with a bidirectional gru cell, left-padded texts and a max reduction', async () => {
    expect(await testAccuracy({ type: 'rnn', cell_type: 'gru', bidirectional: true, reduce_output: 'max' }, { padding: 'left' })).toBeGreaterThan(0.9);
  }, 20_000);

  it('cnnrnn (a convolution, pooling by 2, then an lstm)', async () => {
    expect(await testAccuracy({ type: 'cnnrnn', cell_type: 'lstm', conv_layers: [{ filter_size: 3, num_filters: 16, pool_size: 2 }] })).toBeGreaterThan(0.9);
  }, 20_000);
});

describe('the recurrent text encoders as layers', () => {
  const metadata = (seq: number) => ({
    type: 'text', str2idf: null, idx2str: ['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'a', 'b'], pad_idx: 2, max_sequence_length: seq, preprocessing: { padding: 'right' },
  });
  const build = (encoder: Record<string, unknown>, seq: number, params: ParameterStore) => {
    const config = resolveConfig({ input_features: [{ name: 't', type: 'text', encoder }], output_features: [{ name: 'y', type: 'number' }] }).config.input_features[0].encoder;
    return encoderFactory('text', encoder.type as 'rnn')({ name: 'encoders.t', config: config as never, input: { width: seq, vocabSize: 6, metadata: metadata(seq) as never }, params, rng: new SeededRandom(1) });
  };

  it.each([
    ['rnn', { type: 'rnn', cell_type: 'gru', bidirectional: true, num_layers: 2, state_size: 8, recurrent_dropout: 0.3, dropout: 0.2 }],
    ['cnnrnn', { type: 'cnnrnn', num_filters: 8, state_size: 8, conv_dropout: 0.2, norm: 'batch' }],
  ] as const)('%s trains with a stable tensor count', (_name, encoder) => {
    const params = new ParameterStore();
    try {
      const enc = build(encoder, 7, params);
      const ids = tf.tensor2d([1, 4, 5, 0, 2, 2, 2, 1, 5, 5, 4, 4, 0, 2, 1, 0, 2, 2, 2, 2, 2], [3, 7], 'int32');
      const variables = params.trainable().map((p) => p.variable);
      let seed = 0;
      const step = () => tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.mean(tf.square(enc.forward(ids, { training: true, rng: new SeededRandom(++seed) }))) as tf.Scalar, variables);
        for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.01)));
      });
      expect(tensorCountChange(step)).toBe(0);
      ids.dispose();
    } finally {
      params.dispose();
    }
  });

  it('keeps one-hot (sparse) and frozen embeddings out of training, and still trains the recurrent weights', () => {
    for (const encoder of [{ type: 'rnn', representation: 'sparse', state_size: 4 }, { type: 'rnn', embeddings_trainable: false, embedding_size: 3, state_size: 4 }]) {
      const params = new ParameterStore();
      try {
        const enc = build(encoder, 5, params);
        const trainable = params.trainable().map((p) => p.name);
        expect(trainable).not.toContain('encoders.t.embeddings');
        expect(trainable).toContain('encoders.t.rnn_0.forward.kernel');
        const ids = tf.tensor2d([1, 4, 5, 0, 2, 1, 5, 0, 2, 2], [2, 5], 'int32');
        const kernel = params.get('encoders.t.rnn_0.forward.kernel');
        const grad = tf.tidy(() => Array.from(tf.variableGrads(
          () => tf.sum(enc.forward(ids, { training: true, rng: new SeededRandom(1) })) as tf.Scalar, [kernel],
        ).grads[kernel.name].dataSync()));
        expect(Math.max(...grad.map(Math.abs))).toBeGreaterThan(0);
        ids.dispose();
      } finally {
        params.dispose();
      }
    }
  });

  it('refuses a cnnrnn whose convolutions and pooling leave no step, naming the layer', () => {
    const params = new ParameterStore();
    try {
      expect(() => build({ type: 'cnnrnn', conv_layers: [{ filter_size: 9, padding: 'valid' }] }, 6, params)).toThrow(
        /cnnrnn conv layer 0: a sequence of 6 steps is too short for filter_size 9 with valid padding and pool_size 1 with same padding; lower them or raise max_sequence_length/,
      );
    } finally {
      params.dispose();
    }
  });
});

describe('the recurrent text encoders export to ONNX', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['rnn, lstm, 2 bidirectional layers, last, FC', { type: 'rnn', cell_type: 'lstm', bidirectional: true, num_layers: 2, state_size: 5, embedding_size: 4, num_fc_layers: 1, output_size: 6 }, {}],
    ['rnn, gru, mean, left padding', { type: 'rnn', cell_type: 'gru', state_size: 6, embedding_size: 4, reduce_output: 'mean' }, { padding: 'left' }],
    ['rnn, relu rnn cell, concat, no bias', { type: 'rnn', activation: 'relu', state_size: 4, embedding_size: 3, reduce_output: 'concat', use_bias: false }, {}],
    ['rnn, bidirectional gru, attention over the real steps, left padding', { type: 'rnn', cell_type: 'gru', bidirectional: true, state_size: 4, embedding_size: 4, reduce_output: 'attention' }, { padding: 'left' }],
    ['rnn, sparse one-hot embeddings, sum', { type: 'rnn', cell_type: 'lstm', representation: 'sparse', state_size: 4, reduce_output: 'sum' }, {}],
    ['cnnrnn defaults (two convolutions, max pooling by 3)', { type: 'cnnrnn', num_filters: 6, state_size: 5, embedding_size: 4 }, {}],
    ['cnnrnn, valid convolutions, mean pooling with valid padding, batch norm, bidirectional gru', {
      type: 'cnnrnn', cell_type: 'gru', bidirectional: true, state_size: 4, embedding_size: 4, norm: 'batch',
      conv_layers: [{ filter_size: 2, num_filters: 5, padding: 'valid', pool_size: 2, pool_function: 'mean', pool_padding: 'valid' }, { filter_size: 3, num_filters: 4, pool_size: 2, pool_function: 'mean' }],
    }, { padding: 'left' }],
  ];
  it.each(cases)('%s', async (_name, encoder, preprocessing) => {
    const { maxDifference } = await checkParity({
      input_features: [{ name: 'txt', type: 'text', encoder, preprocessing }, { name: 'num2', type: 'number' }],
      output_features: [{ name: 'y_cat', type: 'category' }],
      combiner: { type: 'concat', output_size: 8, num_fc_layers: 1 },
    });
    expect(Object.keys(maxDifference)).toEqual(['y_cat']);
    expect(maxDifference.y_cat).toBeLessThan(1e-4);
    expect(tf.getBackend()).toBe('wasm');
  });
});
