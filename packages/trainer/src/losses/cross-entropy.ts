import * as tf from '@tensorflow/tfjs-core';
import type {
  BinaryWeightedCrossEntropyLossConfig, SigmoidCrossEntropyLossConfig, SoftmaxCrossEntropyLossConfig,
} from '@overture/config';
import { classWeightVector, type LossFactory } from './loss.js';

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

export const binaryWeightedCrossEntropy: LossFactory<BinaryWeightedCrossEntropyLossConfig> = (config) => (logits, target) => {
  let elements = sigmoidCrossEntropyElements(logits, target);
  if (config.positive_class_weight !== null && config.positive_class_weight !== 1) {
    // Weighted positives as in PyTorch's BCEWithLogits(pos_weight): w·y·(−log σ) + (1−y)·(−log(1−σ)).
    const weights = tf.add(tf.mul(target, config.positive_class_weight - 1), 1);
    elements = tf.mul(elements, weights);
  }
  const entropy = () => {
    const p = tf.sigmoid(logits);
    return tf.mean(sigmoidCrossEntropyElements(logits, p)) as tf.Scalar;
  };
  return regularize(tf.mean(elements) as tf.Scalar, config.robust_lambda, config.confidence_penalty, entropy, 2);
};

export const softmaxCrossEntropy: LossFactory<SoftmaxCrossEntropyLossConfig> = (config, { labels }) => {
  const k = labels.length;
  const weights = classWeightVector(config.class_weights as number[] | Record<string, number> | null, labels);
  const similarities = config.class_similarities_temperature > 0 && config.class_similarities
    ? checkedSimilarities(config.class_similarities, k)
    : null;
  return (logits, target) => {
    // A vector output trained with this loss brings its target distribution itself.
    const distributionTarget = target.shape[1] > 1;
    const ids = distributionTarget ? null : (tf.cast(tf.reshape(target, [-1]), 'int32') as tf.Tensor1D);
    let soft: tf.Tensor = ids === null
      ? target
      : similarities ? tf.gather(similarityTargets(similarities, config.class_similarities_temperature), ids) : tf.oneHot(ids, k);
    if (config.label_smoothing > 0) soft = tf.add(tf.mul(soft, 1 - config.label_smoothing), config.label_smoothing / k);
    const logProbs = tf.logSoftmax(logits);
    const perRow = tf.neg(tf.sum(tf.mul(soft, logProbs), 1));
    let loss: tf.Scalar;
    if (weights && ids) {
      const w = tf.gather(tf.tensor1d(weights), ids);
      loss = tf.div(tf.sum(tf.mul(perRow, w)), tf.sum(w)) as tf.Scalar;
    } else {
      loss = tf.mean(perRow) as tf.Scalar;
    }
    const entropy = () => tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1))) as tf.Scalar;
    return regularize(loss, config.robust_lambda, config.confidence_penalty, entropy, k);
  };
};

function checkedSimilarities(matrix: number[][], k: number): number[][] {
  if (matrix.length !== k || matrix.some((row) => row.length !== k)) {
    throw new Error(`class_similarities must be a ${k}x${k} matrix`);
  }
  return matrix;
}

/**
 * Each row of the similarity matrix through a softmax with temperature: soft targets per class
 * (Ludwig). Built per call inside the caller's tidy, so the loss owns no tensors.
 */
function similarityTargets(matrix: number[][], temperature: number): tf.Tensor2D {
  return tf.softmax(tf.div(tf.tensor2d(matrix), temperature)) as tf.Tensor2D;
}

export const sigmoidCrossEntropy: LossFactory<SigmoidCrossEntropyLossConfig> = (config, { labels }) => {
  const weights = classWeightVector(config.class_weights as number[] | Record<string, number> | null, labels);
  return (logits, target) => {
    let elements = sigmoidCrossEntropyElements(logits, target);
    // Ludwig weighs only the positive term (BCEWithLogitsLoss(pos_weight=class_weights)).
    if (weights) elements = tf.mul(elements, tf.add(tf.mul(target, tf.sub(tf.tensor1d(weights), 1)), 1));
    return tf.mean(elements) as tf.Scalar;
  };
};
