import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { OvertureError, resolveConfig } from '@overture/config';
import { initBackend } from '../../backend/init-backend.js';
import { trainOnTable } from '../../api/experiment.js';
import type { RawTable } from '../../data/index.js';
import { ParameterStore } from '../../model/parameters.js';
import { numericalGradient, sampledCoordinates, tensorCountChange } from '../../test-support/gradient-check.js';
import { maxAbsDifference, resolved, seededValues, takeOneAdamStep } from '../../test-support/training-step.js';
import { SeededRandom } from '../../util/random.js';
import { encoderFactory } from '../registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * Texts of 3–9 filler words; the label is whether the keyword "alarm" appears (half the rows),
 * anywhere in the text. A model that ignores word identity or position-independence stays near 0.5.
 */
function keywordTable(rows: number, seed: number): RawTable {
  const rng = new SeededRandom(seed);
  const filler = ['the', 'door', 'was', 'open', 'and', 'a', 'cat', 'sat', 'near', 'window', 'light', 'green', 'blue', 'house', 'road', 'tree', 'quiet', 'night', 'rain', 'cold'];
  const text: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 3 + rng.nextInt(7) }, () => filler[rng.nextInt(filler.length)]);
    const hit = i % 2 === 0;
    if (hit) words.splice(rng.nextInt(words.length + 1), 0, 'alarm');
    text.push(words.join(' '));
    label.push(hit ? 'yes' : 'no');
  }
  return { columns: ['text', 'label'], rowCount: rows, data: { text, label } };
}

// Small versions of each encoder (Ludwig's defaults are sized for real corpora, not a 20-word vocabulary).
const small = { embedding_size: 16, num_filters: 16, num_fc_layers: 1, output_size: 16 };
const cases: [string, Record<string, unknown>][] = [
  ['parallel_cnn', { type: 'parallel_cnn', ...small, reduce_output: 'max' }],
  ['embed', { type: 'embed', embedding_size: 16, reduce_output: 'sum' }],
  ['stacked_cnn', { type: 'stacked_cnn', ...small, conv_layers: [{ filter_size: 3, pool_size: 2 }, { filter_size: 3 }], reduce_output: 'max' }],
  ['stacked_parallel_cnn', { type: 'stacked_parallel_cnn', ...small, num_filters: 8, stacked_layers: [[{ filter_size: 2 }, { filter_size: 3 }], [{ filter_size: 3 }]], reduce_output: 'max' }],
];

describe('text encoders learn a keyword task on wasm', () => {
  it.each(cases)('%s reaches 0.9 test accuracy where chance is 0.5', async (_, encoder) => {
    const config = resolved({
      input_features: [{ name: 'text', type: 'text', encoder }],
      output_features: [{ name: 'label', type: 'binary' }],
      trainer: { epochs: 12, batch_size: 32, learning_rate: 0.01, early_stop: -1 },
    });
    const { testStatistics } = await trainOnTable({ table: keywordTable(400, 11), config, seed: 5 });
    expect(tf.getBackend()).toBe('wasm');
    const accuracy = (testStatistics as { label: { accuracy: number } }).label.accuracy;
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  }, 20_000);

  it('trains a text input with no encoder given: Ludwig\'s default parallel_cnn, on token ids', () => {
    const { config } = resolveConfig({ input_features: [{ name: 'text', type: 'text' }], output_features: [{ name: 'label', type: 'binary' }] });
    const text = config.input_features[0];
    expect(text.encoder).toMatchObject({ type: 'parallel_cnn', embedding_size: 256, num_filters: 256, filter_size: 3, reduce_output: 'sum', conv_layers: null, num_fc_layers: null });
    expect(text.preprocessing).toMatchObject({ compute_idf: false });
  });
});

/** A hand-built text input: ids [batch, steps] with <SOS>=1, tokens ≥ 4, <EOS>=0, padding 2. */
const steps = 9;
const ids = [
  [1, 4, 5, 6, 7, 0, 2, 2, 2],
  [1, 8, 8, 0, 2, 2, 2, 2, 2],
  [1, 4, 9, 5, 6, 7, 8, 9, 0],
  [1, 0, 2, 2, 2, 2, 2, 2, 2],
];
const textInput = { width: steps, vocabSize: 10, metadata: { type: 'text', str2idf: null, max_sequence_length: steps, pad_idx: 2 } as never };

function build(encoder: Record<string, unknown>, params: ParameterStore) {
  const config = resolved({ input_features: [{ name: 't', type: 'text', encoder }], output_features: [{ name: 'y', type: 'number' }] }).input_features[0].encoder;
  return encoderFactory('text', config.type)({ name: 'encoders.t', config: config as never, input: textInput, params, rng: new SeededRandom(4) });
}

describe('text encoder internals', () => {
  it('has the gradient of central differences through embedding, convolutions with norms and pooling, and each reduction', () => {
    const encoders = [
      { type: 'stacked_cnn', embedding_size: 4, num_filters: 3, num_fc_layers: 0, reduce_output: 'last', conv_layers: [{ filter_size: 3, pool_size: 2, pool_function: 'avg', norm: 'layer', activation: 'tanh' }, { filter_size: 2, padding: 'valid', activation: 'tanh' }] },
      { type: 'parallel_cnn', embedding_size: 4, num_filters: 2, num_fc_layers: 0, reduce_output: 'mean', activation: 'tanh', conv_layers: [{ filter_size: 2 }, { filter_size: 3, pool_size: 3, pool_strides: 1 }] },
      { type: 'stacked_parallel_cnn', embedding_size: 4, num_filters: 2, num_fc_layers: 0, reduce_output: 'concat', activation: 'tanh', stacked_layers: [[{ filter_size: 2 }], [{ filter_size: 1, pool_size: 2 }, { filter_size: 2, pool_size: 2 }]] },
    ];
    for (const encoder of encoders) {
      const params = new ParameterStore();
      const enc = build(encoder, params);
      const table = params.get('encoders.t.embeddings');
      const values = Float32Array.from(table.dataSync());
      const up = seededValues(41, ids.length * enc.outputSize);
      const idTensor = tf.tensor2d(ids, undefined, 'int32');
      const ctx = { training: false, rng: new SeededRandom(1) };
      const loss = () => tf.sum(tf.mul(enc.forward(idTensor, ctx), tf.tensor2d(up, [ids.length, enc.outputSize]))) as tf.Scalar;
      const analytic = tf.tidy(() => Array.from(tf.variableGrads(loss, [table]).grads[table.name].dataSync()));
      const coordinates = sampledCoordinates(values.length, 24);
      const numeric = numericalGradient((v) => {
        table.assign(tf.tensor(v, table.shape));
        return tf.tidy(() => loss().dataSync()[0]);
      }, values, coordinates, 1e-3);
      expect(maxAbsDifference(coordinates.map((i) => analytic[i]), numeric), String(encoder.type)).toBeLessThan(2e-2);
      idTensor.dispose();
      params.dispose();
    }
  });

  it('reduces only the steps that hold a token: padding after the text changes nothing for embed', () => {
    const params = new ParameterStore();
    const enc = build({ type: 'embed', embedding_size: 5, reduce_output: 'max' }, params);
    const out = tf.tidy(() => enc.forward(tf.tensor2d(ids, undefined, 'int32'), { training: false, rng: new SeededRandom(1) }).arraySync());
    const table = params.get('encoders.t.embeddings').arraySync() as number[][];
    // Row 1 holds <SOS>, 8, 8, <EOS>: its max is over those rows of the table only.
    const expected = [1, 8, 0].map((id) => table[id]).reduce((a, b) => a.map((v, i) => Math.max(v, b[i])));
    expect(maxAbsDifference(out[1], expected)).toBeLessThan(1e-6);
    params.dispose();
  });

  it("'last' takes the step before the padding (the stop symbol) and 'concat' every step", () => {
    const params = new ParameterStore();
    const last = build({ type: 'embed', embedding_size: 3, reduce_output: 'last' }, params);
    const table = params.get('encoders.t.embeddings').arraySync() as number[][];
    const out = tf.tidy(() => last.forward(tf.tensor2d(ids, undefined, 'int32'), { training: false, rng: new SeededRandom(1) }).arraySync());
    expect(maxAbsDifference(out.flat(), [table[0], table[0], table[0], table[0]].flat())).toBeLessThan(1e-6);
    params.dispose();
    const p2 = new ParameterStore();
    expect(build({ type: 'embed', embedding_size: 3, reduce_output: 'concat' }, p2).outputSize).toBe(steps * 3);
    p2.dispose();
  });

  it("uses min(vocab_size, embedding_size) dense and vocab_size one-hot rows for sparse, frozen", () => {
    const params = new ParameterStore();
    expect(build({ type: 'embed', embedding_size: 64 }, params).outputSize).toBe(10);
    const sparse = new ParameterStore();
    build({ type: 'embed', representation: 'sparse' }, sparse);
    expect(sparse.trainable()).toEqual([]);
    expect(sparse.get('encoders.t.embeddings').shape).toEqual([10, 10]);
    params.dispose();
    sparse.dispose();
  });

  it('keeps the table frozen with embeddings_trainable: false while the convolutions train', () => {
    const params = new ParameterStore();
    const enc = build({ type: 'parallel_cnn', embedding_size: 4, num_filters: 3, num_fc_layers: 0, embeddings_trainable: false }, params);
    expect(params.trainable().map((t) => t.name)).not.toContain('encoders.t.embeddings');
    const idTensor = tf.tensor2d(ids, undefined, 'int32');
    const step = takeOneAdamStep(params, () => tf.sum(tf.square(enc.forward(idTensor, { training: true, rng: new SeededRandom(1) }))) as tf.Scalar);
    expect(step.variables.map((v) => v.name).sort()).toEqual(['encoders.t.conv_0_0.bias', 'encoders.t.conv_0_0.kernel', 'encoders.t.conv_0_1.bias', 'encoders.t.conv_0_1.kernel', 'encoders.t.conv_0_2.bias', 'encoders.t.conv_0_2.kernel', 'encoders.t.conv_0_3.bias', 'encoders.t.conv_0_3.kernel']);
    expect(step.variables.every((v) => maxAbsDifference(v.after, v.before) > 0)).toBe(true);
    idTensor.dispose();
    params.dispose();
  });

  it("builds Ludwig's default layers: parallel_cnn 4 widths and FC 512, 256; stacked_cnn 6 layers; stacked_parallel_cnn 3 blocks", () => {
    const names = (encoder: Record<string, unknown>, steps9 = true) => {
      const params = new ParameterStore();
      const enc = build({ embedding_size: 4, num_filters: 2, ...encoder }, params);
      const out = { outputSize: enc.outputSize, kernels: params.trainable().map((v) => v.name).filter((n) => n.endsWith('.kernel')) };
      params.dispose();
      expect(steps9).toBe(true);
      return out;
    };
    expect(names({ type: 'parallel_cnn' })).toEqual({
      outputSize: 256,
      kernels: ['encoders.t.conv_0_0.kernel', 'encoders.t.conv_0_1.kernel', 'encoders.t.conv_0_2.kernel', 'encoders.t.conv_0_3.kernel', 'encoders.t.fc_0.kernel', 'encoders.t.fc_1.kernel'],
    });
    expect(names({ type: 'stacked_cnn', num_fc_layers: 0 }).kernels).toHaveLength(6);
    expect(names({ type: 'stacked_parallel_cnn', num_fc_layers: 0 })).toEqual({ outputSize: 8, kernels: Array.from({ length: 12 }, (_, i) => `encoders.t.conv_${Math.floor(i / 4)}_${i % 4}.kernel`) });
    expect(names({ type: 'parallel_cnn', num_conv_layers: 2, num_fc_layers: 0 }).outputSize).toBe(4);
  });

  it('refuses what cannot be built, with the reason', () => {
    const params = new ParameterStore();
    const refused = (encoder: Record<string, unknown>) => {
      const scratch = new ParameterStore();
      try {
        build(encoder, scratch);
      } catch (error) {
        scratch.dispose();
        expect(error).toBeInstanceOf(OvertureError);
        return (error as Error).message;
      }
      throw new Error('built');
    };
    expect(refused({ type: 'stacked_cnn', num_conv_layers: 3, filter_size: 5, padding: 'valid' }))
      .toMatch(/feature 't', convolution 3: a sequence of 1 steps comes out of this convolution \(filter_size 5, padding valid\) with no step left/);
    expect(refused({ type: 'parallel_cnn', conv_layers: [{ filter_size: 2 }, { filter_size: 3, padding: 'valid' }] }))
      .toMatch(/^feature 't': parallel convolutions must keep the same number of steps to be concatenated, got 9, 7/);
    const big = { ...textInput, vocabSize: 5000 };
    const config = resolved({ input_features: [{ name: 't', type: 'text', encoder: { type: 'embed', representation: 'sparse' } }], output_features: [{ name: 'y', type: 'number' }] }).input_features[0].encoder;
    expect(() => encoderFactory('text', 'embed')({ name: 'encoders.t', config: config as never, input: big, params, rng: new SeededRandom(1) }))
      .toThrow(/feature 't': representation sparse makes a one-hot table .* 5000 tokens, above the limit of 4096/);
    params.dispose();
  });

  it('leaves no tensor behind across training steps', () => {
    const params = new ParameterStore();
    const enc = build({ type: 'stacked_cnn', embedding_size: 4, num_filters: 3, num_fc_layers: 1, output_size: 4, dropout: 0.2, norm: 'batch', conv_layers: [{ pool_size: 2 }, {}], reduce_output: 'last' }, params);
    const idTensor = tf.tensor2d(ids, undefined, 'int32');
    const rng = new SeededRandom(3);
    const variables = params.trainable().map((t) => t.variable);
    const step = () => tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(enc.forward(idTensor, { training: true, rng })) as tf.Scalar, variables);
      for (const v of variables) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.01)));
    });
    expect(tensorCountChange(step)).toBe(0);
    idTensor.dispose();
    params.dispose();
  });
});

describe('text encoder configs', () => {
  const problems = (encoder: Record<string, unknown>) => {
    try {
      resolveConfig({ input_features: [{ name: 't', type: 'text', encoder }], output_features: [{ name: 'y', type: 'binary' }] });
    } catch (error) {
      return ((error as OvertureError).details ?? []).map((d) => `${d.path}: ${d.message}`);
    }
    return [];
  };

  it('refuses reductions and convolution options not built yet as "not supported yet"', () => {
    expect(problems({ type: 'parallel_cnn', reduce_output: 'attention' })[0]).toMatch(/reduce_output 'attention' .* that Overture does not support yet/);
    // Keeping the sequence is valid: a lone input passes through concat (sequence-output.test.ts in the config has the combiner checks).
    expect(problems({ type: 'embed', reduce_output: null })).toEqual([]);
    expect(problems({ type: 'stacked_cnn', reduce_output: 'none' })).toEqual([]);
    expect(problems({ type: 'stacked_cnn', dilation_rate: 2 })[0]).toMatch(/dilation_rate other than 1 .* does not support yet/);
    expect(problems({ type: 'stacked_cnn', strides: 2 })[0]).toMatch(/strides other than 1 .* does not support yet/);
    expect(problems({ type: 'parallel_cnn', conv_layers: [{ filter_size: 2, dilation_rate: 3 }] })).toEqual([
      'input_features[0].encoder.conv_layers[0].dilation_rate: dilation_rate other than 1 (a dilated convolution) is a Ludwig convolution option that Overture does not support yet',
    ]);
  });

  it("refuses both a layer list and a layer count (Ludwig's rule) and unknown keys", () => {
    expect(problems({ type: 'parallel_cnn', conv_layers: [{ filter_size: 2 }], num_conv_layers: 2 })).toEqual([
      'input_features[0].encoder.num_conv_layers: set either conv_layers or num_conv_layers, not both (Ludwig\'s rule)',
    ]);
    expect(problems({ type: 'stacked_parallel_cnn', fc_layers: [{ output_size: 4 }], num_fc_layers: 1 })[0]).toMatch(/set either fc_layers or num_fc_layers, not both/);
    expect(problems({ type: 'stacked_cnn', conv_layers: [{ filter_sise: 3 }] })[0]).toMatch(/filter_sise/);
    expect(problems({ type: 'parallel_cnn', norm: 'ghost' })[0]).toMatch(/input_features\[0\]\.encoder\.norm/);
  });
});

describe('a text encoder that keeps its sequence (reduce_output: null)', () => {
  it('refuses convolutions that change the length, since the steps must stay aligned with the tokens', async () => {
    const { resolveConfig: resolve } = await import('@overture/config');
    const { preprocessForTraining } = await import('../../preprocessing/index.js');
    const { EcdModel } = await import('../../model/ecd.js');
    const config = resolve({
      input_features: [{ name: 't', type: 'sequence', encoder: { type: 'stacked_cnn', embedding_size: 4, reduce_output: null, conv_layers: [{ filter_size: 3, padding: 'valid' }] } }],
      output_features: [{ name: 'y', type: 'binary' }],
      combiner: { type: 'sequence_concat', reduce_output: 'sum' },
    }).config;
    const table = { columns: ['t', 'y'], rowCount: 4, data: { t: ['a b c', 'b c', 'c a b a', 'a'], y: ['true', 'false', 'true', 'false'] } };
    const { metadata } = preprocessForTraining(table, config, { seed: 1 });
    expect(() => new EcdModel(config, metadata, 1)).toThrow(
      "feature 't': reduce_output null with convolutions or pooling that change the sequence length (6 steps in, 4 out) is not supported yet; use padding: same and no pooling, or reduce the sequence",
    );
  });
});
