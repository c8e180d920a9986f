import * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import { LAYER_NORM, LAYER_NORM_GRADIENT, layerNormKernelsAvailable, type LayerNormAttrs } from '../backend/layer-norm-kernels.js';

export type NormName = 'batch' | 'layer' | 'ghost';

export interface Norm {
  apply(x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D;
  /** The inference-time computation as ONNX nodes; returns the output tensor's name. */
  exportOnnx(g: OnnxGraph, x: string): string;
}

const epsilon = 1e-5;

/** Layer normalization over the feature axis (Ba et al., 2016); transformer blocks use Ludwig's ε of 1e-6. */
export function layerNorm(params: ParameterStore, name: string, size: number, eps = epsilon): Norm {
  const gamma = params.create(`${name}.gamma`, [size], new Float32Array(size).fill(1));
  const beta = params.create(`${name}.beta`, [size], new Float32Array(size));
  return {
    apply: (x) => layerNormalize(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, eps),
    exportOnnx: (g, x) => g.op('LayerNormalization', [x, g.param(`${name}.gamma`), g.param(`${name}.beta`)], {
      axis: attr.int(-1), epsilon: attr.float(eps),
    }),
  };
}

/** γ·(x − μ)/√(σ² + ε) + β over each row: one kernel each way on wasm and cpu, tensor ops elsewhere. */
export function layerNormalize(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number): tf.Tensor2D {
  if (!layerNormKernelsAvailable()) {
    const { mean, variance } = tf.moments(x, 1, true);
    const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normalized, gamma), beta) as tf.Tensor2D;
  }
  const attrs: LayerNormAttrs = { epsilon: eps };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [input, g, b] = args as unknown as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    save([input, g]);
    return {
      value: tf.engine().runKernel(LAYER_NORM, { x: input, gamma: g, beta: b }, attrs as never) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, gs] = saved;
        return tf.engine().runKernel(LAYER_NORM_GRADIENT, { dy, x: xs, gamma: gs }, attrs as never) as tf.Tensor[];
      },
    };
  });
  return op(x, gamma, beta) as tf.Tensor2D;
}

/**
 * Training-mode batch normalization with its gradient written out (dx = γ/(σ·n) · (n·dy − Σdy −
 * x̂·Σ(dy·x̂)), dγ = Σ(dy·x̂), dβ = Σdy): ~10 kernels each way where tfjs' own gradient of the
 * moments and broadcasts takes ~30, and no Tile (slow on wasm). Returns the batch mean and
 * (biased) variance for the running estimates; the caller disposes them.
 */
export function batchNormTraining(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = epsilon): { y: tf.Tensor2D; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  let stats: { mean: tf.Tensor1D; variance: tf.Tensor1D } | null = null;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [input, g, b] = args as unknown as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    const mean = tf.mean(input, 0) as tf.Tensor1D;
    const centered = tf.sub(input, mean);
    const variance = tf.mean(tf.square(centered), 0) as tf.Tensor1D;
    const inverseStd = tf.rsqrt(tf.add(variance, eps)) as tf.Tensor1D;
    const normalized = tf.mul(centered, inverseStd) as tf.Tensor2D;
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    save([normalized, inverseStd, g]);
    return {
      value: tf.add(tf.mul(normalized, g), b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xHat, invStd, gam] = saved as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
        const n = xHat.shape[0];
        const dBeta = tf.sum(dy, 0);
        const dGamma = tf.sum(tf.mul(dy, xHat), 0);
        const scale = tf.mul(invStd, tf.div(gam, n));
        const dx = tf.mul(tf.sub(tf.sub(tf.mul(dy, n), dBeta), tf.mul(xHat, dGamma)), scale);
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = op(x, gamma, beta) as tf.Tensor2D;
  const { mean, variance } = stats as unknown as { mean: tf.Tensor1D; variance: tf.Tensor1D };
  return { y, mean, variance };
}

/**
 * Batch normalization (Ioffe & Szegedy, 2015) with PyTorch's momentum convention: running
 * statistics are non-trainable parameters, so they are saved, restored and exported with
 * the weights. Ludwig's "ghost" batch norm is treated as plain batch norm.
 */
function batchNorm(params: ParameterStore, name: string, size: number, momentum = 0.1): Norm {
  const gamma = params.create(`${name}.gamma`, [size], new Float32Array(size).fill(1));
  const beta = params.create(`${name}.beta`, [size], new Float32Array(size));
  const runningMean = params.create(`${name}.running_mean`, [size], new Float32Array(size), false);
  const runningVar = params.create(`${name}.running_var`, [size], new Float32Array(size).fill(1), false);
  return {
    apply: (x, ctx) => {
      if (!ctx.training || x.shape[0] < 2) return tf.batchNorm(x, runningMean, runningVar, beta, gamma, epsilon) as tf.Tensor2D;
      const { y, mean, variance } = batchNormTraining(x, gamma as tf.Tensor1D, beta as tf.Tensor1D);
      const n = x.shape[0];
      tf.tidy(() => {
        // PyTorch keeps the unbiased batch variance in the running estimate.
        runningMean.assign(tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(mean, momentum)));
        runningVar.assign(tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(variance, (momentum * n) / (n - 1))));
      });
      tf.dispose([mean, variance]);
      return y;
    },
    // Inference uses the running statistics: fold them into one scale and one shift per unit.
    exportOnnx: (g, x) => exportBatchNormInference(g, x, name, size, epsilon),
  };
}

/** Batch norm at inference, with running statistics: folded into one scale and one shift per unit. */
export function exportBatchNormInference(g: OnnxGraph, x: string, name: string, size: number, eps: number): string {
  const [m, v, gm, bt] = ['running_mean', 'running_var', 'gamma', 'beta'].map((p) => g.paramValues(`${name}.${p}`));
  const scale = new Float32Array(size);
  const shift = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    scale[i] = gm[i] / Math.sqrt(v[i] + eps);
    shift[i] = bt[i] - m[i] * scale[i];
  }
  return g.op('Add', [g.op('Mul', [x, g.constant(scale, [size], 'float32', 'bn_scale')]), g.constant(shift, [size], 'float32', 'bn_shift')]);
}

export function createNorm(norm: string | null | undefined, params: ParameterStore, name: string, size: number): Norm | null {
  if (!norm) return null;
  if (norm === 'layer') return layerNorm(params, name, size);
  if (norm === 'batch' || norm === 'ghost') return batchNorm(params, name, size);
  throw new Error(`unknown norm '${norm}'`);
}
