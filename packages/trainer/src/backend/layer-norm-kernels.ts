import * as tf from '@tensorflow/tfjs-core';
import { registerJsKernels, type KernelBody, type Memory } from './sequence-kernels.js';

/**
 * Layer normalization over the last axis as one kernel each way on wasm and cpu. As tensor ops
 * (moments, subtract, divide, square root, scale, shift) it is ~8 kernels forward and ~25 back, each
 * ~10 µs of engine bookkeeping plus a pass over the rows; a transformer block has two per step.
 */

export const LAYER_NORM = 'OvertureLayerNorm';
export const LAYER_NORM_GRADIENT = 'OvertureLayerNormGradient';

export interface LayerNormAttrs {
  epsilon: number;
}

/** Mean and 1/√(σ² + ε) of the row of `size` values at `base`. */
function rowStatistics(xs: Float32Array, base: number, size: number, epsilon: number): [number, number] {
  let mean = 0;
  for (let j = 0; j < size; j++) mean += xs[base + j];
  mean /= size;
  let variance = 0;
  for (let j = 0; j < size; j++) {
    const d = xs[base + j] - mean;
    variance += d * d;
  }
  return [mean, 1 / Math.sqrt(variance / size + epsilon)];
}

/** x [rows, size], gamma, beta [size] → y = γ·x̂ + β, x̂ = (x − μ)/√(σ² + ε). */
function layerNorm(memory: Memory, inputs: { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo }, attrs: LayerNormAttrs): tf.TensorInfo {
  const { x } = inputs;
  const size = x.shape[x.shape.length - 1];
  const rows = size === 0 ? 0 : tf.util.sizeFromShape(x.shape) / size;
  const out = memory.output(x.shape, 'float32');
  const xs = memory.values(x) as Float32Array;
  const g = memory.values(inputs.gamma) as Float32Array;
  const b = memory.values(inputs.beta) as Float32Array;
  const y = memory.values(out) as Float32Array;
  for (let r = 0; r < rows; r++) {
    const base = r * size;
    const [mean, s] = rowStatistics(xs, base, size, attrs.epsilon);
    for (let j = 0; j < size; j++) y[base + j] = (xs[base + j] - mean) * s * g[j] + b[j];
  }
  return out;
}

/**
 * dy, x and gamma → dx (the row statistics recomputed: a second output of the forward kernel
 * would outlive an inference pass, which saves nothing) = (1/σ)·(g − mean(g) − x̂·mean(g·x̂)) with g = γ·dy,
 * dγ = Σ_rows dy·x̂, dβ = Σ_rows dy.
 */
function layerNormGradient(memory: Memory, inputs: { dy: tf.TensorInfo; x: tf.TensorInfo; gamma: tf.TensorInfo }, attrs: LayerNormAttrs): tf.TensorInfo[] {
  const { x } = inputs;
  const size = x.shape[x.shape.length - 1];
  const rows = size === 0 ? 0 : tf.util.sizeFromShape(x.shape) / size;
  const dxInfo = memory.output(x.shape, 'float32');
  const dGammaInfo = memory.output([size], 'float32');
  const dBetaInfo = memory.output([size], 'float32');
  const dy = memory.values(inputs.dy) as Float32Array;
  const xs = memory.values(x) as Float32Array;
  const gamma = memory.values(inputs.gamma) as Float32Array;
  const dx = memory.values(dxInfo) as Float32Array;
  const dGamma = memory.values(dGammaInfo) as Float32Array;
  const dBeta = memory.values(dBetaInfo) as Float32Array;
  const xHat = new Float32Array(size);
  for (let r = 0; r < rows; r++) {
    const base = r * size;
    const [mean, s] = rowStatistics(xs, base, size, attrs.epsilon);
    let meanG = 0;
    let meanGX = 0;
    for (let j = 0; j < size; j++) {
      const h = (xs[base + j] - mean) * s;
      xHat[j] = h;
      const gj = gamma[j] * dy[base + j];
      meanG += gj;
      meanGX += gj * h;
      dGamma[j] += dy[base + j] * h;
      dBeta[j] += dy[base + j];
    }
    meanG /= size;
    meanGX /= size;
    for (let j = 0; j < size; j++) dx[base + j] = s * (gamma[j] * dy[base + j] - meanG - xHat[j] * meanGX);
  }
  return [dxInfo, dGammaInfo, dBetaInfo];
}

let registered = false;

function registerLayerNormKernels(): void {
  if (registered) return;
  registered = true;
  const bodies: Record<string, KernelBody> = {
    [LAYER_NORM]: (memory, inputs, attrs: LayerNormAttrs) => layerNorm(memory, inputs as never, attrs),
    [LAYER_NORM_GRADIENT]: (memory, inputs, attrs: LayerNormAttrs) => layerNormGradient(memory, inputs as never, attrs),
  };
  registerJsKernels(bodies);
}

/** Whether the running backend has these kernels (wasm and cpu do; others use tensor ops). */
export function layerNormKernelsAvailable(): boolean {
  const backend = tf.getBackend();
  if (backend !== 'wasm' && backend !== 'cpu') return false;
  registerLayerNormKernels();
  return true;
}
