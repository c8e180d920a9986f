import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { SeededRandom } from '../util/random.js';
import { sequenceSoftmaxCrossEntropy } from './sequence-cross-entropy.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const VOCAB = 6;
const STEPS = 4;
const PAD = 2;
// <SOS> tokens <EOS> <PAD>…; the last row is an empty text (start, stop, padding).
const TARGET = [[1, 4, 5, 0], [1, 3, 0, 2], [1, 0, 2, 2]];

function randomLogits(seed: number): number[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: TARGET.length * STEPS * VOCAB }, () => rng.nextGaussian() * 2);
}

/** The loss by its definition: −log softmax at the true id, averaged (weighted) over non-padding steps. */
function reference(z: number[], weights: number[] | null = null): number {
  let total = 0;
  let weightSum = 0;
  TARGET.forEach((row, r) => row.forEach((id, t) => {
    if (id === PAD) return;
    const logits = z.slice((r * STEPS + t) * VOCAB, (r * STEPS + t + 1) * VOCAB);
    const max = Math.max(...logits);
    const logSumExp = max + Math.log(logits.reduce((s, v) => s + Math.exp(v - max), 0));
    const w = weights ? weights[id] : 1;
    total += w * (logSumExp - logits[id]);
    weightSum += w;
  }));
  return total / weightSum;
}

function lossAndGradient(z: number[], options: Partial<Parameters<typeof sequenceSoftmaxCrossEntropy>[0]> = {}) {
  const loss = sequenceSoftmaxCrossEntropy({ vocabSize: VOCAB, padId: PAD, ...options });
  const logits = tf.tensor2d(z, [TARGET.length, STEPS * VOCAB]);
  const target = tf.tensor2d(TARGET.flat(), [TARGET.length, STEPS]);
  const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => loss(x as tf.Tensor2D, target))(logits);
  const out = { value: value.dataSync()[0], gradient: Array.from(grad.dataSync()) };
  tf.dispose([logits, target, value, grad]);
  return out;
}

describe('sequence_softmax_cross_entropy', () => {
  it('is the mean cross entropy of the non-padding steps of every row (the first row included)', () => {
    const z = randomLogits(1);
    expect(lossAndGradient(z).value).toBeCloseTo(reference(z), 5);
  });

  it('has the gradient of central differences, zero on padding steps', () => {
    const z = randomLogits(2);
    const { gradient } = lossAndGradient(z);
    const h = 1e-3;
    for (const i of [0, 7, 13, 30, 44, 55, 71]) {
      const plus = [...z]; plus[i] += h;
      const minus = [...z]; minus[i] -= h;
      expect(gradient[i], `logit ${i}`).toBeCloseTo((reference(plus) - reference(minus)) / (2 * h), 3);
    }
    // Row 1 step 3 and row 2 steps 2–3 are padding.
    for (const cell of [1 * STEPS + 3, 2 * STEPS + 2, 2 * STEPS + 3]) {
      expect(gradient.slice(cell * VOCAB, (cell + 1) * VOCAB).every((g) => g === 0)).toBe(true);
    }
  });

  it('weighs steps by class_weights of the true token, given as a list or by token', () => {
    const z = randomLogits(3);
    const weights = [1, 1, 1, 0.5, 3, 2];
    expect(lossAndGradient(z, { classWeights: weights }).value).toBeCloseTo(reference(z, weights), 5);
    const vocabulary = ['<EOS>', '<SOS>', '<PAD>', '<UNK>', 'hi', 'there'];
    const byToken = lossAndGradient(z, { classWeights: { '<UNK>': 0.5, hi: 3, there: 2 }, vocabulary });
    expect(byToken.value).toBeCloseTo(reference(z, weights), 5);
    expect(() => sequenceSoftmaxCrossEntropy({ vocabSize: VOCAB, padId: PAD, classWeights: [1, 2] })).toThrow(/class_weights has 2 entries but the output has 6 classes/);
  });

  it('applies robust_lambda and confidence_penalty as the category loss does', () => {
    const z = randomLogits(4);
    const plain = lossAndGradient(z).value;
    expect(lossAndGradient(z, { robustLambda: 0.2 }).value).toBeCloseTo(0.8 * plain + 0.2 / VOCAB, 5);
    expect(lossAndGradient(z, { confidencePenalty: 0.1 }).value).toBeLessThan(plain);
  });

  it('refuses logits that are not steps × vocabulary wide', () => {
    const loss = sequenceSoftmaxCrossEntropy({ vocabSize: VOCAB + 1, padId: PAD });
    const logits = tf.zeros([3, STEPS * VOCAB]) as tf.Tensor2D;
    const target = tf.tensor2d(TARGET.flat(), [3, STEPS]);
    expect(() => loss(logits, target)).toThrow(/width 24 are not 4 steps × 7 tokens/);
    tf.dispose([logits, target]);
  });

  it('leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    lossAndGradient(randomLogits(5), { confidencePenalty: 0.1, robustLambda: 0.1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
