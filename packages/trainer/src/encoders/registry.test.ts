import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPretrainedTextEncoder, type InputFeatureType } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { ParameterStore } from '../model/parameters.js';
import { denseForward } from '../layers/dense.js';
import { SeededRandom } from '../util/random.js';
import { maxAbs, maxAbsDifference, resolved, seededMatrix, seededValues, takeOneAdamStep } from '../test-support/training-step.js';
import { DATE_WIDTH } from './date/date-parts.js';
import { encoderFactory, encoders } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const BATCH = 8;

/** Valid [year, month, day, weekday, yearday, hour, minute, second, second_of_day] rows. */
function dateParts(seed: number): tf.Tensor2D {
  const rng = new SeededRandom(seed);
  const rows: number[] = [];
  for (let i = 0; i < BATCH; i++) {
    const hour = rng.nextInt(24);
    const minute = rng.nextInt(60);
    const second = rng.nextInt(60);
    rows.push(1990 + rng.nextInt(40), 1 + rng.nextInt(12), 1 + rng.nextInt(31), rng.nextInt(7), 1 + rng.nextInt(366), hour, minute, second, hour * 3600 + minute * 60 + second);
  }
  return tf.tensor2d(rows, [BATCH, DATE_WIDTH], 'int32');
}

/** What preprocessing hands each input type (width, vocabulary, dtype); a new type fails to compile here. */
const inputs = {
  binary: { width: 1, vocabSize: 0, data: () => tf.tensor2d([1, 0, 0, 1, 1, 0, 1, 0], [BATCH, 1]) },
  number: { width: 1, vocabSize: 0, data: () => seededMatrix(1, BATCH, 1) },
  vector: { width: 4, vocabSize: 0, data: () => seededMatrix(2, BATCH, 4) },
  category: { width: 1, vocabSize: 6, data: () => tf.tensor2d([0, 1, 2, 3, 4, 5, 2, 3], [BATCH, 1], 'int32') },
  set: {
    width: 6, vocabSize: 6,
    data: () => tf.tensor2d([1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1], [BATCH, 6]),
  },
  bag: {
    width: 6, vocabSize: 6,
    data: () => tf.tensor2d([2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 1, 2, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 2, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1], [BATCH, 6]),
  },
  date: { width: DATE_WIDTH, vocabSize: 0, data: () => dateParts(3) },
  // The tf-idf vector over a vocabulary of 7 (4 special symbols, 3 tokens).
  text: { width: 7, vocabSize: 7, data: () => seededMatrix(4, BATCH, 7) },
  // Sequences are always token ids (sequenceIds below).
  sequence: { width: 1, vocabSize: 1, data: () => tf.tensor2d([[0]]) },
  // 10×10 gray pixels (0–255): the default stacked_cnn's two valid 3×3 convolutions and 2×2 poolings leave 1×1×64.
  image: {
    width: 100, vocabSize: 0, data: () => tf.tensor2d(seededValues(5, BATCH * 100).map((v) => Math.round(Math.abs(v) * 255)), [BATCH, 100]),
    metadata: { type: 'image', height: 10, width: 10, num_channels: 1, preprocessing: { standardize_image: null } },
  },
  // A series of 12 steps; the default stacked_cnn pools 3 three times, so it needs at least 27.
  timeseries: {
    width: 30, vocabSize: 0, data: () => seededMatrix(6, BATCH, 30),
    metadata: { type: 'timeseries', max_timeseries_length: 30, preprocessing: { padding: 'right' } },
  },
  // 12 frames of 5 features (log filter-bank-like values, time-major).
  audio: {
    width: 60, vocabSize: 0, data: () => seededMatrix(6, BATCH, 60),
    metadata: { type: 'audio', max_length: 12, feature_dim: 5 },
  },
} satisfies Record<InputFeatureType, { width: number; vocabSize: number; data: () => tf.Tensor2D; metadata?: object }>;

// Token ids for the sequence encoders: <SOS>=1, tokens 4..8, <EOS>=0, padding 2 after the text; one text empty.
const TEXT_STEPS = 12;
const textIds = {
  width: TEXT_STEPS, vocabSize: 9,
  metadata: { type: 'text', str2idf: null, max_sequence_length: TEXT_STEPS, pad_idx: 2, preprocessing: { padding: 'right' } },
  data: () => tf.tensor2d(Array.from({ length: BATCH }, (_, b) => Array.from({ length: TEXT_STEPS }, (_, t) => {
    const length = b === BATCH - 1 ? 0 : 1 + ((b * 5) % 9);
    return t === 0 ? 1 : t <= length ? 4 + ((b + t * 3) % 5) : t === length + 1 ? 0 : 2;
  })), [BATCH, TEXT_STEPS], 'int32'),
};

const sequenceIds = { ...textIds, metadata: { ...textIds.metadata, type: 'sequence' } };

// vit's smallest patches are 14 pixels (h_14): its b_32 reads a 32×32 image (one patch).
const vitImage = {
  width: 1024, vocabSize: 0, data: () => tf.tensor2d(seededValues(5, BATCH * 1024).map((v) => Math.min(255, Math.round(Math.abs(v) * 255))), [BATCH, 1024]),
  metadata: { type: 'image', height: 32, width: 32, num_channels: 1, preprocessing: { standardize_image: null } },
};

/** Options an encoder needs to take the inputs above at all: from scratch, small patches, vit's smallest variant. */
const requiredOptions: Record<string, Record<string, unknown>> = {
  'image/mlp_mixer': { patch_size: 2, embed_size: 6, token_size: 5, channel_dim: 7, num_layers: 1 },
  'image/resnet': { model_variant: 18, use_pretrained: false },
  'image/vit': { model_variant: 'b_32', use_pretrained: false },
};

/** The input an encoder reads: token ids for every text encoder but tf_idf, and for every sequence encoder. */
function inputFor(featureType: InputFeatureType, encoderName: string) {
  const input = featureType === 'sequence' ? sequenceIds : featureType === 'text' && encoderName !== 'tf_idf' ? textIds
    // The unet encoder halves the image four times: 16×16 gray pixels.
    : featureType === 'image' && encoderName === 'unet' ? {
      width: 256, vocabSize: 0, data: () => tf.tensor2d(seededValues(5, BATCH * 256).map((v) => Math.round(Math.abs(v) * 255)), [BATCH, 256]),
      metadata: { type: 'image', height: 16, width: 16, num_channels: 1, preprocessing: { standardize_image: null } },
    }
    : featureType === 'image' && encoderName === 'vit' ? vitImage : inputs[featureType];
  return { ...input, metadata: 'metadata' in input ? input.metadata : { type: featureType } };
}

function encoderConfig(featureType: string, encoderName: string, overrides: Record<string, unknown> = {}) {
  return resolved({
    input_features: [{ name: 'x', type: featureType, encoder: { type: encoderName, ...requiredOptions[`${featureType}/${encoderName}`], ...overrides } }],
    output_features: [{ name: 'y', type: 'number' }],
  }).input_features[0].encoder;
}

describe('every registered encoder', () => {
  for (const [featureType, byName] of Object.entries(encoders)) {
    for (const encoderName of Object.keys(byName)) {
      // The pretrained text encoders (bert, …) have no trainable variable (the frozen transformer runs in preprocessing): encoders/text/pretrained.test.ts.
      if (featureType === 'text' && isPretrainedTextEncoder(encoderName)) continue;
      // An encoder whose embeddings are frozen by default (category sparse) also trains with them unfrozen.
      const frozen = (encoderConfig(featureType, encoderName) as { embeddings_trainable?: boolean }).embeddings_trainable === false;
      for (const overrides of frozen ? [{}, { embeddings_trainable: true }] : [{}]) {
        const label = Object.keys(overrides).length > 0 ? ` (${JSON.stringify(overrides)})` : '';
        it(`${featureType}/${encoderName}${label} takes one Adam step on wasm: every trainable variable moves, no NaN`, () => {
          const input = inputFor(featureType as InputFeatureType, encoderName);
          const params = new ParameterStore();
          const rng = new SeededRandom(7);
          const config = encoderConfig(featureType, encoderName, overrides);
          try {
            const encoder = encoderFactory(featureType as InputFeatureType, encoderName)({
              name: 'encoders.x', config: config as never, input: { width: input.width, vocabSize: input.vocabSize, metadata: input.metadata as never }, params, rng,
            });
            const encoderVariables = params.trainable().map((t) => t.name);
            const head = params.create('head.kernel', [encoder.outputSize, 1], seededValues(9, encoder.outputSize, 0.3));
            const x = input.data();
            const target = seededMatrix(10, BATCH, 1);
            const step = takeOneAdamStep(params, () => {
              const h = encoder.forward(x, { training: true, rng: new SeededRandom(1) });
              expect(h.shape).toEqual([BATCH, encoder.outputSize]);
              return tf.mean(tf.squaredDifference(denseForward(h, head as tf.Tensor2D, null, 'linear'), target)) as tf.Scalar;
            });
            tf.dispose([x, target]);

            expect(tf.getBackend()).toBe('wasm');
            expect(Number.isFinite(step.loss)).toBe(true);
            // passthrough, onehot and tf_idf own no parameters, a frozen table is not trainable; everything else trains.
            const ownsNoTrainable = encoderName === 'passthrough' || encoderName === 'onehot' || encoderName === 'tf_idf' || (config as { embeddings_trainable?: boolean }).embeddings_trainable === false;
            if (ownsNoTrainable) expect(encoderVariables).toEqual([]);
            else expect(encoderVariables.length).toBeGreaterThan(0);
            for (const v of step.variables) {
              // target's encoding starts at zero (as Ludwig's), so the head above it has nothing to learn from on step one.
              if (encoderName === 'target' && v.name === 'head.kernel') continue;
              expect(v.grad, `${v.name} has no gradient`).not.toBeNull();
              expect(maxAbs(v.grad!), `${v.name} gradient`).toBeGreaterThan(0);
              expect(v.after.every(Number.isFinite), `${v.name} is finite`).toBe(true);
              expect(maxAbsDifference(v.after, v.before), `${v.name} changed`).toBeGreaterThan(0);
            }
          } finally {
            params.dispose();
          }
        });
      }
    }
  }

  it('category/dense updates exactly the embedding rows of the ids in the batch', () => {
    const params = new ParameterStore();
    try {
      const encoder = encoderFactory('category', 'dense')({
        name: 'encoders.c', config: encoderConfig('category', 'dense') as never, input: { width: 1, vocabSize: 6, metadata: { type: 'category' } as never }, params, rng: new SeededRandom(3),
      });
      const ids = tf.tensor2d([1, 4, 4, 1], [4, 1], 'int32');
      const step = takeOneAdamStep(params, () => tf.sum(tf.square(encoder.forward(ids, { training: true, rng: new SeededRandom(1) }))) as tf.Scalar);
      ids.dispose();
      const table = step.variables.find((v) => v.name === 'encoders.c.embeddings')!;
      const size = encoder.outputSize;
      const rowChanged = [0, 1, 2, 3, 4, 5].map((r) => maxAbsDifference(table.after.subarray(r * size, (r + 1) * size), table.before.subarray(r * size, (r + 1) * size)) > 0);
      expect(rowChanged).toEqual([false, true, false, false, true, false]);
    } finally {
      params.dispose();
    }
  });

  it('category/sparse keeps its one-hot table frozen by default', () => {
    const params = new ParameterStore();
    try {
      const encoder = encoderFactory('category', 'sparse')({
        name: 'encoders.c', config: encoderConfig('category', 'sparse') as never, input: { width: 1, vocabSize: 4, metadata: { type: 'category' } as never }, params, rng: new SeededRandom(3),
      });
      expect(params.trainable()).toEqual([]);
      const out = tf.tidy(() => Array.from(encoder.forward(tf.tensor2d([2, 0], [2, 1], 'int32'), { training: false, rng: new SeededRandom(1) }).dataSync()));
      expect(out).toEqual([0, 0, 1, 0, 1, 0, 0, 0]);
    } finally {
      params.dispose();
    }
  });
});
