import * as tf from '@tensorflow/tfjs-core';
import type { PleEncoderConfig } from '@overture/config';
import type { FeatureMetadata } from '../../preprocessing/index.js';
import { normalizeNumber } from '../../preprocessing/features/number.js';
import { FcStack } from '../../layers/fc-stack.js';
import { runArrayKernel, type ArrayKernel } from '../../backend/array-kernels.js';
import type { EncoderFactory } from '../encoder.js';

/** Bin edges on the model's (normalized) scale: `num_bins` bins over the stored training quantiles. */
export function pleBinEdges(metadata: FeatureMetadata, numBins: number): number[] {
  if (metadata.type !== 'number' || !metadata.quantiles || metadata.quantiles.length < 2) {
    // Metadata without quantiles (older bundles, synthetic tests): even bins over ±2 std.
    return Array.from({ length: numBins + 1 }, (_, i) => -2 + (4 * i) / numBins);
  }
  const q = metadata.quantiles;
  const picked: number[] = [];
  for (let i = 0; i <= numBins; i++) {
    const edge = q[Math.round((i * (q.length - 1)) / numBins)];
    if (picked.length === 0 || edge > picked[picked.length - 1]) picked.push(edge);
  }
  return picked.map((edge) => normalizeNumber(edge, metadata.preprocessing.normalization, metadata));
}

/**
 * The piecewise linear encoding of x over bins [e₀,e₁], …, [e_{T−1},e_T] (Gorishniy et al.,
 * 2022): per bin (x − e_{t−1}) / (e_t − e_{t−1}) clipped to [0, 1], except that the first bin is
 * not clipped below and the last not above, so values outside the training range extrapolate.
 */
export function pleConstants(edges: number[]) {
  const bins = Math.max(1, edges.length - 1);
  const start = new Float32Array(bins);
  const width = new Float32Array(bins);
  const lower = new Float32Array(bins).fill(0);
  const upper = new Float32Array(bins).fill(1);
  for (let t = 0; t < bins; t++) {
    start[t] = edges[t] ?? 0;
    width[t] = Math.max(1e-6, (edges[t + 1] ?? start[t] + 1) - start[t]);
  }
  lower[0] = -1e9;
  upper[bins - 1] = 1e9;
  return { bins, start, width, lower, upper };
}

type PleConstants = ReturnType<typeof pleConstants>;

/** The encoding of an [n, 1] column as one kernel: four broadcasting ops per feature cost ~10x more. */
const pleKernel: ArrayKernel<PleConstants> = {
  name: 'OverturePiecewiseLinearEncoding',
  outputShape: ([shape], c) => [shape[0], c.bins],
  compute: ([x], _shapes, out, { bins, start, width, lower, upper }) => {
    for (let r = 0; r < x.length; r++) {
      const v = x[r];
      const base = r * bins;
      for (let t = 0; t < bins; t++) {
        const ratio = (v - start[t]) / width[t];
        out[base + t] = ratio < lower[t] ? lower[t] : ratio > upper[t] ? upper[t] : ratio;
      }
    }
  },
  fallback: ([x], c) => tf.tidy(() => {
    const ratio = tf.div(tf.sub(x, tf.tensor1d(c.start)), tf.tensor1d(c.width));
    return tf.minimum(tf.maximum(ratio, tf.tensor1d(c.lower)), tf.tensor1d(c.upper));
  }),
};

export const pleEncoder: EncoderFactory<PleEncoderConfig> = ({ name, config, input, params, rng }) => {
  const c = pleConstants(pleBinEdges(input.metadata, config.num_bins));
  const stack = new FcStack(params, name, c.bins, [{
    output_size: config.output_size,
    activation: config.activation,
    dropout: config.dropout,
    norm: null,
    use_bias: config.use_bias,
    weights_initializer: config.weights_initializer,
    bias_initializer: config.bias_initializer,
  }], rng, true);
  const encode = (x: tf.Tensor2D) => runArrayKernel(pleKernel, [x], c) as tf.Tensor2D;
  return {
    outputSize: stack.outputSize,
    forward: (x, ctx) => stack.forward(encode(x), ctx),
    exportOnnx: (g, x) => {
      const ratio = g.op('Div', [g.op('Sub', [x, g.constant(c.start, [c.bins], 'float32', 'ple_start')]), g.constant(c.width, [c.bins], 'float32', 'ple_width')]);
      const clipped = g.op('Min', [g.op('Max', [ratio, g.constant(c.lower, [c.bins], 'float32', 'ple_lower')]), g.constant(c.upper, [c.bins], 'float32', 'ple_upper')]);
      return stack.exportOnnx(g, clipped);
    },
  };
};
