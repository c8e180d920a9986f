import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lossTypes, type LossConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { resolved } from '../test-support/training-step.js';
import { createLoss, losses } from './registry.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** A fully defaulted loss block of the given output type with overrides. */
function lossConfig(outputType: string, loss: Record<string, unknown>): LossConfig {
  return resolved({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: outputType, loss }] }).output_features[0].loss as LossConfig;
}

function evaluate(config: LossConfig, labels: string[], output: number[][], target: number[][], targetDtype: 'float32' | 'int32' = 'float32'): number {
  return tf.tidy(() => createLoss(config, { labels })(tf.tensor2d(output), tf.tensor2d(target, undefined, targetDtype)).dataSync()[0]);
}

/** d(loss)/d(output), by tfjs' gradient machinery through the loss. */
function gradient(config: LossConfig, labels: string[], output: number[][], target: number[][], targetDtype: 'float32' | 'int32' = 'float32'): number[] {
  return tf.tidy(() => {
    const y = tf.tensor2d(target, undefined, targetDtype);
    const loss = createLoss(config, { labels });
    return Array.from(tf.grad((z: tf.Tensor) => loss(z as tf.Tensor2D, y))(tf.tensor2d(output)).dataSync());
  });
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const softplus = (z: number) => Math.log1p(Math.exp(z));
/** −log σ(z) and −log(1 − σ(z)). */
const negLogSigmoid = (z: number) => softplus(-z);
const negLogOneMinusSigmoid = (z: number) => softplus(z);
const logSoftmax = (row: number[]) => {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('losses', () => {
  it('registers every loss type of the config', () => {
    expect(Object.keys(losses).sort()).toEqual([...lossTypes].sort());
  });

  describe('regression', () => {
    // Errors pred − target: [−0.5, 0, 1, −2].
    const pred = [[1], [2], [3], [4]];
    const target = [[1.5], [2], [2], [6]];

    it('mean_squared_error is (0.25 + 0 + 1 + 4) / 4', () => {
      expect(evaluate(lossConfig('number', { type: 'mean_squared_error' }), [], pred, target)).toBeCloseTo(1.3125, 6);
    });

    it('root_mean_squared_error is √1.3125', () => {
      expect(evaluate(lossConfig('number', { type: 'root_mean_squared_error' }), [], pred, target)).toBeCloseTo(Math.sqrt(1.3125), 6);
    });

    it('mean_absolute_error is (0.5 + 0 + 1 + 2) / 4', () => {
      expect(evaluate(lossConfig('number', { type: 'mean_absolute_error' }), [], pred, target)).toBeCloseTo(0.875, 6);
    });

    it('mean_absolute_percentage_error is (0.5/1.5 + 0 + 1/2 + 2/6) / 4', () => {
      expect(evaluate(lossConfig('number', { type: 'mean_absolute_percentage_error' }), [], pred, target)).toBeCloseTo((1 / 3 + 0.5 + 1 / 3) / 4, 6);
    });

    it('huber with delta 1 is quadratic up to 1 and linear beyond: (0.125 + 0 + 0.5 + 1.5) / 4', () => {
      expect(evaluate(lossConfig('number', { type: 'huber', delta: 1 }), [], pred, target)).toBeCloseTo(0.53125, 6);
    });

    it('huber with delta 0.5 is δ·(|e| − δ/2) beyond δ: (0.125 + 0 + 0.375 + 0.875) / 4', () => {
      expect(evaluate(lossConfig('number', { type: 'huber', delta: 0.5 }), [], pred, target)).toBeCloseTo(0.34375, 6);
    });

    it('vector losses average over every element', () => {
      expect(evaluate(lossConfig('vector', { type: 'mean_squared_error' }), [], [[1, 2], [3, 4]], [[1, 0], [0, 4]])).toBeCloseTo((0 + 4 + 9 + 0) / 4, 6);
    });
  });

  describe('binary_weighted_cross_entropy', () => {
    const logits = [2, -1, 0.5, -3];
    const labels = [1, 0, 0, 1];
    const column = (xs: number[]) => xs.map((x) => [x]);
    const perRow = (w: number) => logits.map((z, i) => (labels[i] === 1 ? w * negLogSigmoid(z) : negLogOneMinusSigmoid(z)));

    it('is the mean sigmoid cross entropy without a positive class weight', () => {
      expect(evaluate(lossConfig('binary', {}), [], column(logits), column(labels))).toBeCloseTo(mean(perRow(1)), 6);
    });

    it('weighs the positive term by positive_class_weight (PyTorch pos_weight)', () => {
      expect(evaluate(lossConfig('binary', { positive_class_weight: 3 }), [], column(logits), column(labels))).toBeCloseTo(mean(perRow(3)), 6);
    });

    it('has the gradient w_y·(σ(z) − y) / n, w_y = positive_class_weight for positives and 1 otherwise', () => {
      const expected = logits.map((z, i) => ((labels[i] === 1 ? 3 : 1) * (sigmoid(z) - labels[i])) / logits.length);
      expectClose(gradient(lossConfig('binary', { positive_class_weight: 3 }), [], column(logits), column(labels)), expected);
      const unweighted = logits.map((z, i) => (sigmoid(z) - labels[i]) / logits.length);
      expectClose(gradient(lossConfig('binary', {}), [], column(logits), column(labels), 'int32'), unweighted);
    });

    it('mixes in the loss of a uniform prediction with robust_lambda: (1 − λ)·L + λ/2', () => {
      expect(evaluate(lossConfig('binary', { robust_lambda: 0.2 }), [], column(logits), column(labels))).toBeCloseTo(0.8 * mean(perRow(1)) + 0.1, 6);
    });

    it('subtracts the mean prediction entropy times confidence_penalty', () => {
      const entropy = mean(logits.map((z) => {
        const p = 1 / (1 + Math.exp(-z));
        return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
      }));
      expect(evaluate(lossConfig('binary', { confidence_penalty: 0.5 }), [], column(logits), column(labels))).toBeCloseTo(mean(perRow(1)) - 0.5 * entropy, 5);
    });
  });

  describe('softmax_cross_entropy', () => {
    const classes = ['<UNK>', 'a', 'b'];
    const logits = [[1, 2, 0.5], [0, -1, 3], [2, 2, -2]];
    const ids = [1, 2, 0];
    const target = ids.map((i) => [i]);
    const rowLoss = (soft: (row: number) => number[]) => logits.map((row, r) => -logSoftmax(row).reduce((s, lp, k) => s + soft(r)[k] * lp, 0));
    const oneHot = (r: number) => classes.map((_, k) => (k === ids[r] ? 1 : 0));

    it('is the mean negative log softmax of the target class', () => {
      expect(evaluate(lossConfig('category', {}), classes, logits, target, 'int32')).toBeCloseTo(mean(rowLoss(oneHot)), 6);
    });

    it('with class_weights as a list is the weighted mean Σ w_y·ℓ / Σ w_y', () => {
      const w = [0.5, 2, 1];
      const l = rowLoss(oneHot);
      const expected = (w[1] * l[0] + w[2] * l[1] + w[0] * l[2]) / (w[1] + w[2] + w[0]);
      expect(evaluate(lossConfig('category', { class_weights: w }), classes, logits, target, 'int32')).toBeCloseTo(expected, 6);
    });

    it('with class_weights as a map weighs the named classes and leaves the others at 1', () => {
      const l = rowLoss(oneHot);
      const expected = (3 * l[0] + 1 * l[1] + 1 * l[2]) / 5;
      expect(evaluate(lossConfig('category', { class_weights: { a: 3 } }), classes, logits, target, 'int32')).toBeCloseTo(expected, 6);
    });

    it('rejects class_weights naming an unknown class or of the wrong length', () => {
      expect(() => createLoss(lossConfig('category', { class_weights: { zz: 2 } }), { labels: classes })).toThrow(/unknown class 'zz'/);
      expect(() => createLoss(lossConfig('category', { class_weights: [1, 2] }), { labels: classes })).toThrow(/2 entries but the output has 3 classes/);
    });

    it('with label_smoothing ε uses targets (1 − ε)·onehot + ε/k', () => {
      const eps = 0.3;
      const soft = (r: number) => oneHot(r).map((v) => v * (1 - eps) + eps / classes.length);
      expect(evaluate(lossConfig('category', { label_smoothing: eps }), classes, logits, target, 'int32')).toBeCloseTo(mean(rowLoss(soft)), 6);
    });

    it('with robust_lambda λ is (1 − λ)·L + λ/k', () => {
      expect(evaluate(lossConfig('category', { robust_lambda: 0.25 }), classes, logits, target, 'int32')).toBeCloseTo(0.75 * mean(rowLoss(oneHot)) + 0.25 / 3, 6);
    });

    it('has the gradient w_y·(softmax(z) − target) / Σ w_y, with smoothed targets', () => {
      const w = [0.5, 2, 1];
      const eps = 0.3;
      const soft = (r: number) => oneHot(r).map((v) => v * (1 - eps) + eps / classes.length);
      const total = ids.reduce((sum, id) => sum + w[id], 0);
      const expected = logits.flatMap((row, r) => logSoftmax(row).map((lp, c) => (w[ids[r]] * (Math.exp(lp) - soft(r)[c])) / total));
      expectClose(gradient(lossConfig('category', { class_weights: w, label_smoothing: eps }), classes, logits, target, 'int32'), expected);
    });

    it('with class_similarities uses each class\'s softmax(similarity row / temperature) as its target', () => {
      const similarities = [[1, 0, 0], [0, 1, 0.5], [0, 0.5, 1]];
      const temperature = 0.5;
      const rowTarget = (id: number) => {
        const e = similarities[id].map((v) => Math.exp(v / temperature));
        const sum = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / sum);
      };
      const config = lossConfig('category', { class_similarities: similarities, class_similarities_temperature: temperature });
      expect(evaluate(config, classes, logits, target, 'int32')).toBeCloseTo(mean(rowLoss((r) => rowTarget(ids[r]))), 6);
      const expected = logits.flatMap((row, r) => logSoftmax(row).map((lp, c) => (Math.exp(lp) - rowTarget(ids[r])[c]) / logits.length));
      expectClose(gradient(config, classes, logits, target, 'int32'), expected);
    });

    it('on a vector output takes the target distribution as given', () => {
      const dist = [[0.2, 0.5, 0.3], [0, 0, 1], [0.5, 0.5, 0]];
      expect(evaluate(lossConfig('vector', { type: 'softmax_cross_entropy' }), [], logits, dist)).toBeCloseTo(mean(rowLoss((r) => dist[r])), 6);
    });
  });

  describe('sigmoid_cross_entropy', () => {
    const classes = ['<UNK>', 'a', 'b'];
    const logits = [[1, -2, 0.5], [0, 3, -1]];
    const target = [[0, 1, 1], [1, 0, 0]];
    const elements = (posWeight: number[]) =>
      logits.flatMap((row, r) => row.map((z, k) => (target[r][k] === 1 ? posWeight[k] * negLogSigmoid(z) : negLogOneMinusSigmoid(z))));

    it('is the mean over every element of the independent sigmoid cross entropies', () => {
      expect(evaluate(lossConfig('set', {}), classes, logits, target)).toBeCloseTo(mean(elements([1, 1, 1])), 6);
    });

    // Ludwig's SigmoidCrossEntropyLoss is nn.BCEWithLogitsLoss(pos_weight=class_weights): the weight
    // multiplies only the positive term. losses/cross-entropy.ts multiplies the whole element instead.
    it('with class_weights weighs each class\'s positive term as Ludwig (BCEWithLogitsLoss pos_weight)', () => {
      const w = [0.5, 2, 4];
      expect(evaluate(lossConfig('set', { class_weights: w }), classes, logits, target)).toBeCloseTo(mean(elements(w)), 6);
      const n = logits.length * classes.length;
      const expected = logits.flatMap((row, r) => row.map((z, k) => ((target[r][k] === 1 ? w[k] : 1) * (sigmoid(z) - target[r][k])) / n));
      expectClose(gradient(lossConfig('set', { class_weights: w }), classes, logits, target), expected);
    });
  });
});

describe('softmax_cross_entropy against a target distribution (category_distribution)', () => {
  const distribution = (loss: Record<string, unknown>) =>
    resolved({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'category_distribution', preprocessing: { vocab: ['a', 'b', 'c'] }, loss }] }).output_features[0].loss as LossConfig;

  it('is −Σ y·log softmax(z), mean over rows, with gradient softmax(z) − y', () => {
    const config = distribution({});
    expect(evaluate(config, ['a', 'b', 'c'], [[0, 0, 0], [0, 0, 0]], [[0.5, 0.5, 0], [0, 0, 1]])).toBeCloseTo(Math.log(3), 5);
    expectClose(gradient(config, ['a', 'b', 'c'], [[0, 0, 0]], [[0.5, 0.5, 0]]), [1 / 3 - 0.5, 1 / 3 - 0.5, 1 / 3]);
  });

  it("weighs each class's term by class_weights as torch's CrossEntropyLoss(weight) with probability targets", () => {
    const config = distribution({ class_weights: [2, 1, 1] });
    // −(2·0.5·log ⅓ + 1·0.5·log ⅓) = 1.5·log 3; gradient p·Σ w·y − w·y = ⅓·1.5 − [1, 0.5, 0]
    expect(evaluate(config, ['a', 'b', 'c'], [[0, 0, 0]], [[0.5, 0.5, 0]])).toBeCloseTo(1.5 * Math.log(3), 5);
    expectClose(gradient(config, ['a', 'b', 'c'], [[0, 0, 0]], [[0.5, 0.5, 0]]), [-0.5, 0, 0.5]);
  });
});
