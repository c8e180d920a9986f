import * as tf from '@tensorflow/tfjs-core';
import { readValues } from '../backend/tensor-memory.js';
import { lossWithGradient } from './fused-gradient.js';
import type { SequenceSoftmaxCrossEntropyLossConfig } from '@overture/config';
import { classWeightVector, type LossFactory } from './loss.js';

/**
 * Ludwig's `sequence_softmax_cross_entropy` (`SequenceSoftmaxCrossEntropyLoss`, the default loss of
 * text and sequence outputs): the softmax cross entropy of every step's logits against the true
 * token, padding steps ignored (PyTorch's `ignore_index` = the padding id), averaged over the
 * counted steps — weighted by `class_weights` of the true tokens as `nn.CrossEntropyLoss(weight)`
 * does (Σ w·ce / Σ w).
 *
 * Ludwig slices `preds[1:]`, which drops the batch's first row rather than the first step (a
 * slip in its code); every row counts here.
 */
export interface SequenceCrossEntropyOptions {
  /** Vocabulary size (idx2str.length): the logits of one step. */
  vocabSize: number;
  /** Id of the padding symbol (`pad_idx`), whose steps are not counted. */
  padId: number;
  /** Ludwig's class_weights: a list over the vocabulary or {token: weight}; missing tokens weigh 1. */
  classWeights?: number[] | Record<string, number> | null;
  /** The vocabulary (idx2str), to read class_weights given by token. */
  vocabulary?: string[];
  /** Ludwig's robust_lambda: (1 − λ)·loss + λ / vocab_size. */
  robustLambda?: number;
  /** Ludwig's confidence_penalty: minus this times the mean entropy of the counted steps' predictions. */
  confidencePenalty?: number;
}

/**
 * `logits` are the decoder's per-step logits flattened row-major to [batch, steps × vocab] (so they
 * travel the model's 2-D output path); `target` the true ids [batch, steps]. One op with its gradient
 * computed alongside (`lossWithGradient`): the per-step softmax, its log-sum-exp and dz = w·(p − y) / Σw.
 */
export function sequenceSoftmaxCrossEntropy(options: SequenceCrossEntropyOptions): (logits: tf.Tensor2D, target: tf.Tensor2D) => tf.Scalar {
  const { vocabSize, padId } = options;
  const tokens = options.vocabulary ?? Array.from({ length: vocabSize }, (_, i) => `token ${i}`);
  const weights = options.classWeights ? classWeightVector(options.classWeights, tokens) : null;
  const robustLambda = options.robustLambda ?? 0;
  const confidencePenalty = options.confidencePenalty ?? 0;
  return (logits, target) => {
    const steps = target.shape[1];
    if (logits.shape[1] !== steps * vocabSize) {
      throw new Error(`sequence_softmax_cross_entropy: logits of width ${logits.shape[1]} are not ${steps} steps × ${vocabSize} tokens`);
    }
    const loss = lossWithGradient(logits, (z, gradient) => {
      const ids = readValues(target);
      const probabilities = new Float64Array(vocabSize);
      let total = 0;
      let weightSum = 0;
      const cells = ids.length;
      for (let cell = 0; cell < cells; cell++) {
        const id = Math.round(ids[cell]);
        const base = cell * vocabSize;
        if (id === padId) continue; // gradient stays 0
        const weight = id >= 0 && id < vocabSize ? (weights ? weights[id] : 1) : 0;
        let max = -Infinity;
        for (let v = 0; v < vocabSize; v++) max = Math.max(max, z[base + v]);
        let sumExp = 0;
        for (let v = 0; v < vocabSize; v++) sumExp += (probabilities[v] = Math.exp(z[base + v] - max));
        const logSumExp = max + Math.log(sumExp);
        for (let v = 0; v < vocabSize; v++) gradient[base + v] = weight * (probabilities[v] / sumExp - (v === id ? 1 : 0));
        if (weight > 0) total += weight * (logSumExp - z[base + id]);
        weightSum += weight;
      }
      const scale = weightSum > 0 ? 1 / weightSum : 0;
      for (let i = 0; i < gradient.length; i++) gradient[i] *= scale;
      return total * scale;
    });
    if (robustLambda === 0 && confidencePenalty === 0) return loss;
    return tf.tidy(() => {
      let out: tf.Scalar = loss;
      if (robustLambda > 0) out = tf.add(tf.mul(out, 1 - robustLambda), robustLambda / vocabSize) as tf.Scalar;
      if (confidencePenalty > 0) out = tf.sub(out, tf.mul(maskedMeanEntropy(logits, target, vocabSize, padId), confidencePenalty)) as tf.Scalar;
      return out;
    });
  };
}

/** Mean entropy of the predicted distributions of the non-padding steps, as differentiable ops. */
function maskedMeanEntropy(logits: tf.Tensor2D, target: tf.Tensor2D, vocabSize: number, padId: number): tf.Scalar {
  const [batch, steps] = target.shape;
  const logProbs = tf.logSoftmax(tf.reshape(logits, [batch * steps, vocabSize]));
  const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logProbs), logProbs), 1));
  const mask = tf.cast(tf.notEqual(tf.reshape(target, [batch * steps]), padId), 'float32');
  return tf.div(tf.sum(tf.mul(entropy, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

/** The registry's factory: the vocabulary and padding id come from the output's metadata. */
export const sequenceSoftmaxCrossEntropyLoss: LossFactory<SequenceSoftmaxCrossEntropyLossConfig> = (config, { labels, padId }) =>
  sequenceSoftmaxCrossEntropy({
    vocabSize: labels.length,
    padId: padId ?? 0,
    vocabulary: labels,
    classWeights: config.class_weights,
    robustLambda: config.robust_lambda,
    confidencePenalty: config.confidence_penalty,
  });
