import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { activations, norms, type DecoderType, type InputFeatureType, type OutputFeatureType } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { encoders } from '../encoders/registry.js';
import { combiners } from '../combiners/registry.js';
import { decoders } from '../decoders/registry.js';
import { checkParity } from './test/parity.js';

// tfjs (wasm) and onnxruntime-node must agree on the same preprocessed rows: probabilities
// within 1e-4, values within 1e-4 relative. A wrong op, transposed weight or missing bias is
// off by far more than that once every parameter is random.
const TOLERANCE = 1e-4;

beforeAll(async () => {
  await initBackend('wasm');
});

/** The column of the parity table holding each input type. */
const inputColumns = {
  number: 'num', binary: 'bin', category: 'cat', set: 'set', bag: 'bag', date: 'date', vector: 'vec', text: 'txt',
} satisfies Record<InputFeatureType, string>;

/** The column and decoder of each output type. */
const outputColumns = {
  number: { column: 'y_num', decoder: 'regressor' },
  binary: { column: 'y_bin', decoder: 'regressor' },
  category: { column: 'y_cat', decoder: 'classifier' },
  set: { column: 'y_set', decoder: 'classifier' },
  vector: { column: 'y_vec', decoder: 'projector' },
} satisfies Record<OutputFeatureType, { column: string; decoder: DecoderType }>;

const small = { output_size: 8, num_fc_layers: 1 };

async function expectParity(config: unknown): Promise<void> {
  const { maxDifference } = await checkParity(config);
  expect(Object.keys(maxDifference).length).toBeGreaterThan(0);
  for (const [output, difference] of Object.entries(maxDifference)) {
    expect(difference, `output '${output}'`).toBeLessThan(TOLERANCE);
  }
  expect(tf.getBackend()).toBe('wasm');
}

describe('ONNX export matches tfjs for every encoder', () => {
  for (const [featureType, byName] of Object.entries(encoders)) {
    for (const encoderName of Object.keys(byName)) {
      it(`${featureType}/${encoderName}`, async () => {
        const column = inputColumns[featureType as InputFeatureType];
        // Two layers with a norm where the encoder has an FC stack, so its exporter is exercised fully.
        const stack = encoderName === 'dense' && featureType !== 'category' ? { num_layers: 2, output_size: 6, norm: 'layer' }
          : ['embed', 'wave'].includes(encoderName) ? { num_fc_layers: 2, output_size: 6, norm: 'batch' }
          : ['rnn', 'cnnrnn'].includes(encoderName) ? { cell_type: 'lstm', bidirectional: true, state_size: 5, embedding_size: 4, num_fc_layers: 1, output_size: 6, norm: 'layer', ...(encoderName === 'cnnrnn' ? { num_filters: 6 } : {}) } : {};
        await expectParity({
          input_features: [{ name: column, type: featureType, encoder: { type: encoderName, ...stack } }, { name: 'num2', type: 'number' }],
          output_features: [{ name: 'y_cat', type: 'category' }],
          combiner: { type: 'concat', ...small },
        });
      });
    }
  }

  it('category/sparse with trainable embeddings and set/bag with sparse representation', async () => {
    await expectParity({
      input_features: [
        { name: 'cat', type: 'category', encoder: { type: 'sparse', embeddings_trainable: true } },
        { name: 'set', type: 'set', encoder: { type: 'embed', representation: 'sparse' } },
        { name: 'bag', type: 'bag', encoder: { type: 'embed', representation: 'sparse', num_fc_layers: 1, output_size: 4 } },
      ],
      output_features: [{ name: 'y_bin', type: 'binary' }],
    });
  });
});

describe('ONNX export matches tfjs for every combiner', () => {
  for (const combinerType of Object.keys(combiners)) {
    for (const norm of [null, ...norms]) {
      it(`${combinerType} with ${norm ?? 'no'} norm, residual layers, dropout`, async () => {
        await expectParity({
          input_features: [{ name: 'num', type: 'number' }, { name: 'bin', type: 'binary' }, { name: 'cat', type: 'category', encoder: { type: 'dense', embedding_size: 6 } }],
          output_features: [{ name: 'y_cat', type: 'category' }],
          combiner: { type: combinerType, fc_layers: [{ output_size: 8 }, { output_size: 8 }, { output_size: 5, use_bias: false }], norm, residual: true, dropout: 0.3 },
        });
      });
    }
  }

  it('concat with every activation', async () => {
    for (const activation of activations) {
      await expectParity({
        input_features: [{ name: 'num', type: 'number' }, { name: 'num2', type: 'number' }, { name: 'vec', type: 'vector' }],
        output_features: [{ name: 'y_num', type: 'number' }],
        combiner: { type: 'concat', num_fc_layers: 2, output_size: 6, activation },
      });
    }
  });
});

describe('ONNX export matches tfjs for every decoder and output type', () => {
  for (const [outputType, { column, decoder }] of Object.entries(outputColumns)) {
    it(`${outputType} output with the ${decoder} decoder and its own FC stack`, async () => {
      await expectParity({
        input_features: [{ name: 'num', type: 'number' }, { name: 'cat', type: 'category' }],
        output_features: [{ name: column, type: outputType, decoder: { type: decoder, num_fc_layers: 2, fc_output_size: 5, fc_norm: 'batch' } }],
        combiner: { type: 'concat', ...small },
      });
    });
  }

  it('covers every registered decoder', () => {
    expect(new Set(Object.values(outputColumns).map((o) => o.decoder))).toEqual(new Set(Object.keys(decoders)));
  });

  it('projector activation, multiplier and clip; vector softmax; number clip and normalization', async () => {
    await expectParity({
      input_features: [{ name: 'num', type: 'number' }, { name: 'vec', type: 'vector', encoder: { type: 'passthrough' } }],
      output_features: [
        { name: 'y_vec', type: 'vector', decoder: { type: 'projector', activation: 'tanh', multiplier: 2.5, clip: [-1, 1.5] } },
        { name: 'y_num', type: 'number', clip: [900, 1050] },
        { name: 'y_num2', column: 'y_num', type: 'number', preprocessing: { normalization: 'zscore' } },
      ],
    });
    await expectParity({
      input_features: [{ name: 'num', type: 'number' }],
      output_features: [{ name: 'y_vec', type: 'vector', softmax: true }],
    });
  });
});

describe('ONNX export of whole models', () => {
  it('every input type, every output type, outputs depending on other outputs', async () => {
    await expectParity({
      input_features: [
        { name: 'num', type: 'number' },
        { name: 'num2', type: 'number', encoder: { type: 'dense', output_size: 4 } },
        { name: 'bin', type: 'binary' },
        { name: 'cat', type: 'category' },
        { name: 'cat2', type: 'category', encoder: { type: 'onehot' } },
        { name: 'set', type: 'set' },
        { name: 'bag', type: 'bag' },
        { name: 'date', type: 'date' },
        { name: 'vec', type: 'vector' },
        { name: 'txt', type: 'text', encoder: { type: 'tf_idf' } },
      ],
      output_features: [
        { name: 'y_cat', type: 'category', dependencies: ['y_bin'] },
        { name: 'y_bin', type: 'binary' },
        { name: 'y_num', type: 'number', dependencies: ['y_cat', 'y_bin'], decoder: { num_fc_layers: 1, fc_output_size: 6 } },
        { name: 'y_set', type: 'set' },
        { name: 'y_vec', type: 'vector', dependencies: ['y_set'] },
      ],
      combiner: { type: 'concat', num_fc_layers: 2, output_size: 16, norm: 'batch' },
    });
  });

  it('tied encoders share one set of weights in the graph', async () => {
    const result = await checkParity({
      input_features: [
        { name: 'cat', type: 'category', encoder: { type: 'dense', embedding_size: 5 } },
        { name: 'cat2', type: 'category', tied: 'cat' },
      ],
      output_features: [{ name: 'y_cat', type: 'category' }],
    });
    for (const difference of Object.values(result.maxDifference)) expect(difference).toBeLessThan(TOLERANCE);
    expect([...result.inputNames].sort()).toEqual(['cat', 'cat2']);
  });

  it('names the stacked passthrough input __passthrough__ and the others after their features', async () => {
    const result = await checkParity({
      input_features: [{ name: 'num', type: 'number' }, { name: 'bin', type: 'binary' }, { name: 'date', type: 'date', encoder: { type: 'wave' } }],
      output_features: [{ name: 'y_bin', type: 'binary' }],
    });
    expect([...result.inputNames].sort()).toEqual(['__passthrough__', 'date']);
  });
});
