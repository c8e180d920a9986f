import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { OnnxGraph } from '../export/onnx-graph.js';
import { writeOnnxModel } from '../export/onnx-writer.js';
import { sequenceSoftmaxCrossEntropy } from '../losses/sequence-cross-entropy.js';
import { computeSequenceMetrics } from '../metrics/sequence.js';
import { ParameterStore } from '../model/parameters.js';
import { createOptimizer } from '../optimizers/registry.js';
import { maxAbsDifference, seededValues, takeOneAdamStep } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { exportStepSoftmax, SequenceTagger, stepSoftmax, type SequenceTaggerOptions } from './sequence-tagger.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const BATCH = 3;
const STEPS = 5;
const HIDDEN = 4;
const VOCAB = 7;
// Real steps per row: 5, 3, 1 (the rest is padding).
const MASK = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 0, 0, 0]];

const options = (useAttention: boolean): SequenceTaggerOptions => ({
  steps: STEPS, inputSize: HIDDEN, vocabSize: VOCAB, useBias: true, useAttention, attentionEmbeddingSize: 6, attentionNumHeads: 2,
});

function perturb(params: ParameterStore, seed: number): void {
  const rng = new SeededRandom(seed);
  const weights = params.snapshot();
  for (const w of Object.values(weights)) w.values = w.values.map((v) => v + rng.nextGaussian() * 0.3);
  params.restore(weights);
}

describe('the tagger decoder', () => {
  it.each([false, true])('exports to ONNX with the same per-step probabilities as tfjs (attention %s)', async (useAttention) => {
    const params = new ParameterStore();
    try {
      const tagger = new SequenceTagger(params, 'decoders.tags', options(useAttention), new SeededRandom(3));
      perturb(params, 9);
      const hidden = seededValues(4, BATCH * STEPS * HIDDEN);
      const expected = tf.tidy(() => {
        const logits = tagger.forward(tf.tensor2d(hidden, [BATCH, STEPS * HIDDEN]), tf.tensor2d(MASK) as tf.Tensor2D);
        return Array.from(stepSoftmax(logits, STEPS, VOCAB).dataSync());
      });
      const g = new OnnxGraph(params.snapshot());
      const x = g.addInput('hidden', 'float32', STEPS * HIDDEN);
      const mask = useAttention ? g.addInput('mask', 'float32', STEPS) : null;
      g.addOutput('probabilities', exportStepSoftmax(g, tagger.exportOnnx(g, x, mask), STEPS, VOCAB), STEPS * VOCAB);
      const session = await ort.InferenceSession.create(writeOnnxModel(g, { description: 'tagger parity' }));
      const feeds: Record<string, ort.Tensor> = {
        hidden: new ort.Tensor('float32', hidden, [BATCH, STEPS * HIDDEN]),
        mask: new ort.Tensor('float32', Float32Array.from(MASK.flat()), [BATCH, STEPS]),
      };
      if (!useAttention) delete feeds.mask;
      const actual = Array.from((await session.run(feeds)).probabilities.data as Float32Array);
      expect(actual).toHaveLength(BATCH * STEPS * VOCAB);
      expect(maxAbsDifference(actual, expected)).toBeLessThan(1e-4);
      expect(tf.getBackend()).toBe('wasm');
    } finally {
      params.dispose();
    }
  });

  it('refuses a hidden input that is not the whole sequence, as Ludwig does', () => {
    const params = new ParameterStore();
    try {
      const tagger = new SequenceTagger(params, 'decoders.tags', options(false), new SeededRandom(3));
      const reduced = tf.zeros([BATCH, HIDDEN]) as tf.Tensor2D;
      expect(() => tagger.forward(reduced, null)).toThrow(/needs the hidden sequence as \[batch, 5, 4\] \(20 values a row\), got 4: the encoder or combiner does not keep the sequence length/);
      reduced.dispose();
    } finally {
      params.dispose();
    }
  });

  it('refuses an output vocabulary too large to tag with before allocating anything', () => {
    const params = new ParameterStore();
    try {
      const big = { ...options(false), steps: 256, vocabSize: 20_004 };
      expect(() => new SequenceTagger(params, 'decoders.tags', big, new SeededRandom(3))).toThrow(
        "decoders.tags: the output vocabulary has 20004 tokens over 256 steps, 5121024 logits a row, above the limit of 4194304: lower the output's preprocessing.most_common or max_sequence_length",
      );
      expect(params.trainable()).toHaveLength(0);
    } finally {
      params.dispose();
    }
  });

  it('trains every parameter on wasm with sequence_softmax_cross_entropy and leaves no tensor behind', () => {
    const params = new ParameterStore();
    try {
      const tagger = new SequenceTagger(params, 'decoders.tags', options(true), new SeededRandom(3));
      const loss = sequenceSoftmaxCrossEntropy({ vocabSize: VOCAB, padId: 2 });
      const hidden = tf.tensor2d(seededValues(5, BATCH * STEPS * HIDDEN), [BATCH, STEPS * HIDDEN]);
      const mask = tf.tensor2d(MASK) as tf.Tensor2D;
      const target = tf.tensor2d([[1, 4, 5, 6, 0], [1, 3, 0, 2, 2], [0, 2, 2, 2, 2]]);
      const before = tf.memory().numTensors;
      const step = takeOneAdamStep(params, () => loss(tagger.forward(hidden, mask), target));
      expect(tf.memory().numTensors).toBe(before);
      expect(Number.isFinite(step.loss)).toBe(true);
      for (const v of step.variables) expect(maxAbsDifference(v.after, v.before), `${v.name} moved`).toBeGreaterThan(0);
      tf.dispose([hidden, mask, target]);
    } finally {
      params.dispose();
    }
  });

  it('learns to tag each step from its hidden vector (token accuracy 1 on a small task)', () => {
    // Hidden vector of a step: a one-hot of the word class (0..3); the tag is a fixed function of it.
    const rng = new SeededRandom(11);
    const rows = 32;
    const tagOf = [4, 5, 6, 3];
    const hiddenValues = new Float32Array(rows * STEPS * HIDDEN);
    const targetValues = new Float32Array(rows * STEPS).fill(2);
    for (let r = 0; r < rows; r++) {
      const length = 1 + rng.nextInt(STEPS);
      for (let t = 0; t < length; t++) {
        const word = rng.nextInt(HIDDEN);
        hiddenValues[(r * STEPS + t) * HIDDEN + word] = 1;
        targetValues[r * STEPS + t] = tagOf[word];
      }
    }
    const params = new ParameterStore();
    const optimizer = createOptimizer({ type: 'adam' });
    try {
      const tagger = new SequenceTagger(params, 'decoders.tags', options(false), new SeededRandom(3));
      const loss = sequenceSoftmaxCrossEntropy({ vocabSize: VOCAB, padId: 2 });
      const hidden = tf.tensor2d(hiddenValues, [rows, STEPS * HIDDEN]);
      const target = tf.tensor2d(targetValues, [rows, STEPS]);
      const trainables = params.trainable();
      for (let i = 0; i < 150; i++) {
        const { value, grads } = tf.variableGrads(() => loss(tagger.forward(hidden, null), target), trainables.map((t) => t.variable));
        optimizer.apply(trainables.map((t) => ({ name: t.name, variable: t.variable, grad: grads[t.variable.name] })), 0.05);
        tf.dispose([value, ...Object.values(grads)]);
      }
      const probabilities = tf.tidy(() => stepSoftmax(tagger.forward(hidden, null), STEPS, VOCAB).dataSync() as Float32Array);
      const predictions = new Int32Array(rows * STEPS);
      for (let cell = 0; cell < rows * STEPS; cell++) {
        let best = 0;
        for (let v = 1; v < VOCAB; v++) if (probabilities[cell * VOCAB + v] > probabilities[cell * VOCAB + best]) best = v;
        predictions[cell] = best;
      }
      const metrics = computeSequenceMetrics({ predictions, targets: Int32Array.from(targetValues), steps: STEPS, padId: 2, startId: 1, stopId: 0 });
      expect(metrics.token_accuracy).toBe(1);
      tf.dispose([hidden, target]);
    } finally {
      optimizer.dispose();
      params.dispose();
    }
  });
});
