import * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';

export type NormName = 'batch' | 'layer' | 'ghost';

export interface Norm {
  apply(x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D;
  /** The inference-time computation as ONNX nodes; returns the output tensor's name. */
  exportOnnx(g: OnnxGraph, x: string): string;
}

const epsilon = 1e-5;

/** Layer normalization over the feature axis (Ba et al., 2016). */
function layerNorm(params: ParameterStore, name: string, size: number): Norm {
  const gamma = params.create(`${name}.gamma`, [size], new Float32Array(size).fill(1));
  const beta = params.create(`${name}.beta`, [size], new Float32Array(size));
  return {
    apply: (x) => {
      const { mean, variance } = tf.moments(x, 1, true);
      const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)));
      return tf.add(tf.mul(normalized, gamma), beta) as tf.Tensor2D;
    },
    exportOnnx: (g, x) => g.op('LayerNormalization', [x, g.param(`${name}.gamma`), g.param(`${name}.beta`)], {
      axis: attr.int(-1), epsilon: attr.float(epsilon),
    }),
  };
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
      if (ctx.training && x.shape[0] > 1) {
        const { mean, variance } = tf.moments(x, 0);
        const n = x.shape[0];
        tf.tidy(() => {
          // PyTorch keeps the unbiased batch variance in the running estimate.
          const m = tf.keep(tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(mean, momentum)));
          const v = tf.keep(tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(variance, (momentum * n) / (n - 1))));
          runningMean.assign(m);
          runningVar.assign(v);
          m.dispose();
          v.dispose();
        });
        // Elementwise ops rather than tf.batchNorm: its gradient broadcasts with Tile, slow on wasm.
        const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
        return tf.add(tf.mul(normalized, gamma), beta) as tf.Tensor2D;
      }
      return tf.batchNorm(x, runningMean, runningVar, beta, gamma, epsilon) as tf.Tensor2D;
    },
    // Inference uses the running statistics: fold them into one scale and one shift per unit.
    exportOnnx: (g, x) => {
      const [m, v, gm, bt] = ['running_mean', 'running_var', 'gamma', 'beta'].map((p) => g.paramValues(`${name}.${p}`));
      const scale = new Float32Array(size);
      const shift = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        scale[i] = gm[i] / Math.sqrt(v[i] + epsilon);
        shift[i] = bt[i] - m[i] * scale[i];
      }
      return g.op('Add', [g.op('Mul', [x, g.constant(scale, [size], 'float32', 'bn_scale')]), g.constant(shift, [size], 'float32', 'bn_shift')]);
    },
  };
}

export function createNorm(norm: string | null | undefined, params: ParameterStore, name: string, size: number): Norm | null {
  if (!norm) return null;
  if (norm === 'layer') return layerNorm(params, name, size);
  if (norm === 'batch' || norm === 'ghost') return batchNorm(params, name, size);
  throw new Error(`unknown norm '${norm}'`);
}
