import * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import { batchNormTraining, exportBatchNormInference, type Norm } from './normalization.js';

export interface GhostBatchNormOptions {
  /** PyTorch's convention: running = (1 − momentum)·running + momentum·batch. */
  momentum: number;
  epsilon: number;
  /** Rows per normalized chunk in training (`B_v`); null normalizes the whole batch at once. */
  virtualBatchSize: number | null;
}

/**
 * Ghost batch normalization (Hoffer et al., 2017), as TabNet uses it: in training the batch is
 * cut into ceil(rows / virtualBatchSize) equal chunks (the last one shorter, as torch.chunk
 * cuts), each normalized with its own statistics and each updating the running estimates in
 * turn; a chunk of one row passes through unnormalized, and a batch of one row uses the running
 * statistics. Inference uses the running statistics, like plain batch norm.
 */
export function createGhostBatchNorm(params: ParameterStore, name: string, size: number, options: GhostBatchNormOptions): Norm {
  const { momentum, epsilon, virtualBatchSize } = options;
  const gamma = params.create(`${name}.gamma`, [size], new Float32Array(size).fill(1)) as tf.Variable<tf.Rank.R1>;
  const beta = params.create(`${name}.beta`, [size], new Float32Array(size)) as tf.Variable<tf.Rank.R1>;
  const runningMean = params.create(`${name}.running_mean`, [size], new Float32Array(size), false);
  const runningVar = params.create(`${name}.running_var`, [size], new Float32Array(size).fill(1), false);

  const normalizeChunk = (x: tf.Tensor2D): tf.Tensor2D => {
    const n = x.shape[0];
    if (n < 2) return x;
    const { y, mean, variance } = batchNormTraining(x, gamma, beta, epsilon);
    tf.tidy(() => {
      // PyTorch keeps the unbiased batch variance in the running estimate.
      runningMean.assign(tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(mean, momentum)));
      runningVar.assign(tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(variance, (momentum * n) / (n - 1))));
    });
    tf.dispose([mean, variance]);
    return y;
  };

  return {
    apply: (x, ctx) => {
      const rows = x.shape[0];
      if (!ctx.training || rows < 2) return tf.batchNorm(x, runningMean, runningVar, beta, gamma, epsilon) as tf.Tensor2D;
      const chunks = chunkSizes(rows, virtualBatchSize);
      if (chunks.length === 1) return normalizeChunk(x);
      const parts = tf.split(x, chunks, 0) as tf.Tensor2D[];
      return tf.concat(parts.map(normalizeChunk), 0) as tf.Tensor2D;
    },
    exportOnnx: (g, x) => exportBatchNormInference(g, x, name, size, epsilon),
  };
}

/** The row counts torch.chunk(ceil(rows / virtualBatchSize)) gives: equal chunks of ceil(rows / count) rows, the last one shorter. */
export function chunkSizes(rows: number, virtualBatchSize: number | null): number[] {
  if (!virtualBatchSize || rows <= virtualBatchSize) return [rows];
  const count = Math.ceil(rows / virtualBatchSize);
  const size = Math.ceil(rows / count);
  const sizes: number[] = [];
  for (let left = rows; left > 0; left -= size) sizes.push(Math.min(size, left));
  return sizes;
}
