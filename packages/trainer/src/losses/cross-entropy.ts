import * as tf from '@tensorflow/tfjs-core';
import type {
  BinaryWeightedCrossEntropyLossConfig, SigmoidCrossEntropyLossConfig, SoftmaxCrossEntropyLossConfig,
} from '@overture/config';
import { readValues } from '../backend/tensor-memory.js';
import { classWeightVector, type LossFactory } from './loss.js';
import { lossWithGradient } from './fused-gradient.js';

/** Stable σ cross entropy per element: max(z,0) − z·y + log(1 + e^−|z|). */
function sigmoidCrossEntropyElements(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(logits), tf.mul(logits, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
}

/**
 * Ludwig's robust_lambda mixes the loss with that of a uniform prediction (label-noise
 * robustness); confidence_penalty subtracts the prediction entropy (Pereyra et al., 2017).
 */
function regularize(loss: tf.Scalar, robustLambda: number, confidencePenalty: number, entropy: () => tf.Scalar, numClasses: number): tf.Scalar {
  let out = loss;
  if (robustLambda > 0) out = tf.add(tf.mul(out, 1 - robustLambda), robustLambda / numClasses) as tf.Scalar;
  if (confidencePenalty > 0) out = tf.sub(out, tf.mul(entropy(), confidencePenalty)) as tf.Scalar;
  return out;
}

/**
 * Mean over every element of (1 + y·(w_c − 1))·(max(z,0) − z·y + log(1 + e^−|z|)), the stable σ
 * cross entropy with positives of column c weighted by w_c (PyTorch's BCEWithLogits(pos_weight):
 * w·y·(−log σ) + (1−y)·(−log(1−σ)) for 0/1 targets); its gradient (1 + y·(w_c − 1))·(σ(z) − y) / n.
 */
function meanSigmoidCrossEntropy(logits: tf.Tensor2D, target: tf.Tensor2D, positiveWeights: ArrayLike<number> | null): tf.Scalar {
  const width = logits.shape[1];
  return lossWithGradient(logits, (z, gradient) => {
    const y = readValues(target);
    const n = z.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const zi = z[i];
      const yi = y[i];
      const weight = positiveWeights ? 1 + yi * (positiveWeights[i % width] - 1) : 1;
      const e = Math.exp(-Math.abs(zi));
      sum += weight * (Math.max(zi, 0) - zi * yi + Math.log1p(e));
      const sigmoid = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
      gradient[i] = (weight * (sigmoid - yi)) / n;
    }
    return sum / n;
  });
}

export const binaryWeightedCrossEntropy: LossFactory<BinaryWeightedCrossEntropyLossConfig> = (config) => (logits, target) => {
  const weight = config.positive_class_weight;
  const loss = meanSigmoidCrossEntropy(logits, target, weight !== null && weight !== 1 ? [weight] : null);
  const entropy = () => {
    const p = tf.sigmoid(logits);
    return tf.mean(sigmoidCrossEntropyElements(logits, p)) as tf.Scalar;
  };
  return regularize(loss, config.robust_lambda, config.confidence_penalty, entropy, 2);
};

export const softmaxCrossEntropy: LossFactory<SoftmaxCrossEntropyLossConfig> = (config, { labels }) => {
  const k = labels.length;
  const weights = classWeightVector(config.class_weights as number[] | Record<string, number> | null, labels);
  const similarities = config.class_similarities_temperature > 0 && config.class_similarities
    ? similarityTargets(checkedSimilarities(config.class_similarities, k), config.class_similarities_temperature)
    : null;
  const smoothing = config.label_smoothing;
  return (logits, target) => {
    // A vector output trained with this loss brings its target distribution itself.
    const distributionTarget = target.shape[1] > 1;
    const width = logits.shape[1];
    const loss = lossWithGradient(logits, (z, gradient) => {
      const t = readValues(target);
      const rows = z.length / width;
      const soft = new Float64Array(width);
      const probabilities = new Float64Array(width);
      let total = 0;
      let weightSum = 0;
      for (let r = 0; r < rows; r++) {
        const id = distributionTarget ? -1 : Math.round(t[r]);
        // The target row: the given distribution, a class's similarity row, or one-hot (zeros for an id out of range, as tf.oneHot).
        // class_weights on a distribution weigh each class's term, −Σ w_c·y_c·log p_c, and the batch
        // mean stays over rows: torch's CrossEntropyLoss(weight) with probability targets (Ludwig).
        if (distributionTarget) for (let c = 0; c < width; c++) soft[c] = t[r * width + c] * (weights && weights.length === width ? weights[c] : 1);
        else if (similarities && id >= 0 && id < k) soft.set(similarities[id]);
        else for (let c = 0; c < width; c++) soft[c] = c === id ? 1 : 0;
        if (smoothing > 0) for (let c = 0; c < width; c++) soft[c] = soft[c] * (1 - smoothing) + smoothing / k;
        let max = -Infinity;
        for (let c = 0; c < width; c++) max = Math.max(max, z[r * width + c]);
        let sumExp = 0;
        for (let c = 0; c < width; c++) sumExp += (probabilities[c] = Math.exp(z[r * width + c] - max));
        const logSumExp = max + Math.log(sumExp);
        let rowLoss = 0;
        let softSum = 0;
        for (let c = 0; c < width; c++) {
          rowLoss -= soft[c] * (z[r * width + c] - logSumExp);
          softSum += soft[c];
          probabilities[c] /= sumExp;
        }
        const weight = weights && !distributionTarget ? (id >= 0 && id < k ? weights[id] : 0) : 1;
        total += weight * rowLoss;
        weightSum += weight;
        // d(rowLoss)/dz = (Σ soft)·softmax(z) − soft; scaled by the row's share of the (weighted) mean below.
        for (let c = 0; c < width; c++) gradient[r * width + c] = weight * (softSum * probabilities[c] - soft[c]);
      }
      const scale = weightSum > 0 ? 1 / weightSum : 0;
      for (let i = 0; i < gradient.length; i++) gradient[i] *= scale;
      return total * scale;
    });
    const entropy = () => {
      const logProbs = tf.logSoftmax(logits);
      return tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1))) as tf.Scalar;
    };
    return regularize(loss, config.robust_lambda, config.confidence_penalty, entropy, k);
  };
};

function checkedSimilarities(matrix: number[][], k: number): number[][] {
  if (matrix.length !== k || matrix.some((row) => row.length !== k)) {
    throw new Error(`class_similarities must be a ${k}x${k} matrix`);
  }
  return matrix;
}

/** Each row of the similarity matrix through a softmax with temperature: soft targets per class (Ludwig). */
function similarityTargets(matrix: number[][], temperature: number): Float64Array[] {
  return matrix.map((row) => {
    const scaled = row.map((v) => v / temperature);
    const max = scaled.reduce((m, v) => (v > m ? v : m), -Infinity); // not Math.max(...): one argument per class
    const exps = scaled.map((v) => Math.exp(v - max));
    const sum = exps.reduce((x, y) => x + y, 0);
    return Float64Array.from(exps, (v) => v / sum);
  });
}

export const sigmoidCrossEntropy: LossFactory<SigmoidCrossEntropyLossConfig> = (config, { labels }) => {
  const weights = classWeightVector(config.class_weights as number[] | Record<string, number> | null, labels);
  // Ludwig weighs only the positive term (BCEWithLogitsLoss(pos_weight=class_weights)).
  return (logits, target) => meanSigmoidCrossEntropy(logits, target, weights);
};
