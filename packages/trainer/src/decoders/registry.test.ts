import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodersByFeatureType, type LossConfig, type OutputFeatureType } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { ParameterStore } from '../model/parameters.js';
import { createLoss } from '../losses/registry.js';
import { SeededRandom } from '../util/random.js';
import { maxAbs, maxAbsDifference, resolved, seededMatrix, takeOneAdamStep } from '../test-support/training-step.js';
import { decoderFactory, decoders } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const BATCH = 8;
const HIDDEN = 5;
const CLASSES = ['<UNK>', 'a', 'b', 'c'];

/** Output width and an encoded target batch per output type, as preprocessing produces them. */
const targets = {
  binary: { width: 1, data: () => tf.tensor2d([1, 0, 0, 1, 1, 0, 1, 0], [BATCH, 1]) },
  number: { width: 1, data: () => seededMatrix(21, BATCH, 1) },
  category: { width: CLASSES.length, data: () => tf.tensor2d([0, 1, 2, 3, 1, 2, 3, 1], [BATCH, 1], 'int32') },
  set: {
    width: CLASSES.length,
    data: () => tf.tensor2d([0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1], [BATCH, CLASSES.length]),
  },
  vector: { width: 4, data: () => seededMatrix(22, BATCH, 4) },
  timeseries: { width: 3, data: () => seededMatrix(23, BATCH, 3) },
  category_distribution: { width: CLASSES.length, data: () => tf.softmax(seededMatrix(24, BATCH, CLASSES.length)) as tf.Tensor2D },
  // Labels: normal, anomaly, unlabeled.
  anomaly: { width: 1, data: () => tf.tensor2d([0, 1, -1, 0, 0, 1, -1, 0], [BATCH, 1]) },
} satisfies Record<Exclude<OutputFeatureType, 'text' | 'sequence'>, { width: number; data: () => tf.Tensor2D }>;

const fcVariants: Record<string, number>[] = [{}, { num_fc_layers: 1, fc_output_size: 6 }];
/** mlp_classifier names its hidden layers as Ludwig's MLPClassifier does (num_fc_layers, output_size; one by default). */
const mlpVariants: Record<string, number>[] = [{ num_fc_layers: 0 }, { num_fc_layers: 1, output_size: 6 }];

describe('every registered decoder', () => {
  it('is used by at least one output type, so the loop below covers it', () => {
    const used = new Set<string>(Object.values(decodersByFeatureType).flat().filter((d) => Object.hasOwn(decoders, d)));
    // unet waits for image outputs (feature-types.ts trainableOutputTypes); its own test is decoders/unet.test.ts.
    expect([...used, 'unet'].sort()).toEqual(Object.keys(decoders).sort());
  });

  // The tagger reads a sequence (inputSteps): its own test below.
  for (const [outputType, decoderNames] of Object.entries(decodersByFeatureType).filter(([t]) => t !== 'text' && t !== 'sequence')) {
    for (const decoderName of decoderNames) {
      // An anomaly decoder without FC layers has no parameters (the centre is fixed): nothing to step.
      for (const fc of decoderName === 'mlp_classifier' ? mlpVariants : decoderName === 'anomaly' ? fcVariants.slice(1) : fcVariants) {
        const label = fc.num_fc_layers ? ' with an FC layer' : '';
        it(`${decoderName} on a ${outputType} output${label} takes one Adam step on wasm with the default loss`, () => {
          const feature = resolved({
            input_features: [{ name: 'x', type: 'number' }],
            output_features: [{ name: 'y', type: outputType, decoder: { type: decoderName, ...fc }, ...(outputType === 'category_distribution' ? { preprocessing: { vocab: CLASSES } } : {}) }],
          }).output_features[0];
          const target = targets[outputType as keyof typeof targets];
          const params = new ParameterStore();
          try {
            const decoder = decoderFactory(feature.decoder.type)({
              name: 'decoders.y', config: feature.decoder as never, inputSize: HIDDEN, outputSize: target.width, params, rng: new SeededRandom(5),
            });
            expect(decoder.hiddenSize).toBe(fc.fc_output_size ?? (fc.num_fc_layers ? fc.output_size : HIDDEN));
            const loss = createLoss(feature.loss as LossConfig, { labels: outputType === 'category' || outputType === 'set' || outputType === 'category_distribution' ? CLASSES : [] });
            const combined = seededMatrix(20, BATCH, HIDDEN);
            const y = target.data();
            const step = takeOneAdamStep(params, () => {
              const out = decoder.forward(combined, { training: true, rng: new SeededRandom(1) });
              expect(out.output.shape).toEqual([BATCH, target.width]);
              expect(out.hidden.shape).toEqual([BATCH, decoder.hiddenSize]);
              return loss(out.output, y);
            });
            tf.dispose([combined, y]);

            expect(tf.getBackend()).toBe('wasm');
            expect(Number.isFinite(step.loss)).toBe(true);
            expect(step.variables.map((v) => v.name)).toEqual([
              ...(fc.num_fc_layers ? ['decoders.y.fc.fc_0.kernel', 'decoders.y.fc.fc_0.bias'] : []),
              ...(decoderName === 'anomaly' ? [] : ['decoders.y.head.kernel', 'decoders.y.head.bias']),
            ]);
            for (const v of step.variables) {
              expect(maxAbs(v.grad ?? []), `${v.name} gradient`).toBeGreaterThan(0);
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

  it('tagger on a sequence output takes one Adam step over [batch, steps × hidden] and answers padding on the padding steps', () => {
    const feature = resolved({
      input_features: [{ name: 'w', type: 'sequence', encoder: { type: 'embed', reduce_output: null } }],
      output_features: [{ name: 'y', type: 'sequence', decoder: { type: 'tagger', use_attention: true, attention_embedding_size: 4, attention_num_heads: 2 } }],
      combiner: { type: 'sequence_concat' },
    }).output_features[0];
    const steps = 3;
    const vocab = CLASSES.length;
    const params = new ParameterStore();
    try {
      const decoder = decoderFactory('tagger')({ name: 'decoders.y', config: feature.decoder as never, inputSize: HIDDEN, outputSize: vocab, inputSteps: steps, padId: 0, params, rng: new SeededRandom(5) });
      const loss = createLoss(feature.loss as LossConfig, { labels: CLASSES, padId: 0 });
      const combined = seededMatrix(20, BATCH, steps * HIDDEN);
      const mask = tf.tensor2d(Array.from({ length: BATCH * steps }, (_, i) => (i % steps === 2 && i % 2 === 0 ? 0 : 1)), [BATCH, steps]);
      const y = tf.tensor2d(Array.from({ length: BATCH * steps }, (_, i) => (i % steps === 2 && i % 2 === 0 ? 0 : 1 + (i % 3))), [BATCH, steps], 'int32');
      const step = takeOneAdamStep(params, () => {
        const out = decoder.forward(combined, { training: true, rng: new SeededRandom(1) }, mask);
        expect(out.output.shape).toEqual([BATCH, steps * vocab]);
        return loss(out.output, y);
      });
      expect(Number.isFinite(step.loss)).toBe(true);
      for (const v of step.variables) expect(maxAbsDifference(v.after, v.before), `${v.name} changed`).toBeGreaterThan(0);
      const logits = tf.tidy(() => Array.from(decoder.forward(combined, { training: false, rng: new SeededRandom(1) }, mask).output.dataSync()));
      // Row 0's last step is padding (i = 2): its logits are 0 for the padding id, −10⁴ for the others.
      expect(logits.slice(2 * vocab, 3 * vocab)).toEqual([0, -1e4, -1e4, -1e4]);
      tf.dispose([combined, mask, y]);
    } finally {
      params.dispose();
    }
  });

  it.each(['gru', 'lstm', 'rnn'])('generator (%s) takes one Adam step with teacher forcing, its gradient reaching the initial state; greedy decoding starts with <SOS> and pads after the stop symbol', (cell_type) => {
    const feature = resolved({
      input_features: [{ name: 'x', type: 'number' }],
      output_features: [{ name: 'y', type: 'text', decoder: { type: 'generator', cell_type, num_layers: 2 } }],
    }).output_features[0];
    // Ludwig's symbol ids: <EOS> 0, <SOS> 1, <PAD> 2, <UNK> 3, then two words.
    const symbols = { stop: 0, start: 1, pad: 2 };
    const steps = 5;
    const vocab = 6;
    const params = new ParameterStore();
    try {
      const decoder = decoderFactory('generator')({ name: 'decoders.y', config: feature.decoder as never, inputSize: HIDDEN, outputSize: vocab, outputSteps: steps, symbols, padId: 2, params, rng: new SeededRandom(5) });
      const loss = createLoss(feature.loss as LossConfig, { labels: ['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'hi', 'yo'], padId: 2 });
      const combined = tf.variable(seededMatrix(20, BATCH, HIDDEN));
      const y = tf.tensor2d(Array.from({ length: BATCH }, (_, r) => [1, 4 + (r % 2), 5, 0, 2]).flat(), [BATCH, steps], 'int32');
      const { value, grads } = tf.variableGrads(() => loss(decoder.forward(combined, { training: true, rng: new SeededRandom(1) }, null, y).output, y), [combined]);
      expect(maxAbs(grads[combined.name].dataSync())).toBeGreaterThan(0);
      tf.dispose([value, grads[combined.name]]);
      const step = takeOneAdamStep(params, () => loss(decoder.forward(combined, { training: true, rng: new SeededRandom(1) }, null, y).output, y));
      expect(Number.isFinite(step.loss)).toBe(true);
      expect(step.variables.map((v) => v.name)).toEqual(expect.arrayContaining(['decoders.y.embeddings', 'decoders.y.out.bias', 'decoders.y.rnn_0.kernel', 'decoders.y.rnn_1.recurrent_kernel']));
      for (const v of step.variables) expect(maxAbsDifference(v.after, v.before), `${v.name} changed`).toBeGreaterThan(0);
      // Make <EOS> win every step: after step 0 (<SOS>) the decoder stops at step 1 and answers padding.
      const bias = new Float32Array(vocab);
      bias[symbols.stop] = 100;
      params.get('decoders.y.out.bias').assign(tf.tensor1d(bias));
      const logits = tf.tidy(() => Array.from(decoder.forward(combined, { training: false, rng: new SeededRandom(1) }).output.dataSync()));
      expect(logits.slice(0, vocab)).toEqual([-1e4, 0, -1e4, -1e4, -1e4, -1e4]);
      expect(logits.slice(vocab, 2 * vocab).indexOf(Math.max(...logits.slice(vocab, 2 * vocab)))).toBe(symbols.stop);
      for (let t = 2; t < steps; t++) expect(logits.slice(t * vocab, (t + 1) * vocab)).toEqual([-20, -20, 0, -20, -20, -20]);
      tf.dispose([combined, y]);
    } finally {
      params.dispose();
    }
  });

  it('projector applies its activation, multiplier and clip to the head output', () => {
    const config = resolved({
      input_features: [{ name: 'x', type: 'number' }],
      output_features: [{ name: 'y', type: 'vector', decoder: { type: 'projector', activation: 'tanh', multiplier: 3, clip: [-2, 2.5] } }],
    }).output_features[0].decoder;
    const params = new ParameterStore();
    try {
      const decoder = decoderFactory('projector')({ name: 'decoders.y', config: config as never, inputSize: 2, outputSize: 3, params, rng: new SeededRandom(1) });
      params.get('decoders.y.head.kernel').assign(tf.tensor2d([[10, -10, 0.1], [0, 0, 0]]));
      const out = tf.tidy(() => Array.from(decoder.forward(tf.tensor2d([[1, 0]]), { training: false, rng: new SeededRandom(1) }).output.dataSync()));
      // 3·tanh([10, −10, 0.1]) = [≈3, ≈−3, 0.2990], clipped to [−2, 2.5].
      expect(out[0]).toBeCloseTo(2.5, 6);
      expect(out[1]).toBeCloseTo(-2, 6);
      expect(out[2]).toBeCloseTo(3 * Math.tanh(0.1), 5);
    } finally {
      params.dispose();
    }
  });
});
