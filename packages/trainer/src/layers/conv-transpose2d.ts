import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../export/onnx-graph.js';
import { attr } from '../export/onnx-graph.js';
import { denseForward } from './dense.js';
import { toNchw, toNhwc } from './conv2d.js';

/**
 * PyTorch's ConvTranspose2d with kernel 2 and stride 2 (the up-sampling of Ludwig's UNetUpStack)
 * over NHWC images. Its windows do not overlap: every input pixel writes its own 2×2 block,
 * out[n, 2i+a, 2j+b, o] = Σ_c x[n, i, j, c]·W[c, (a, b, o)] + bias[o]. So it is one dense product
 * over all pixels, [n·h·w, c] · [c, 4·o] on the SIMD kernel (its gradient the fused dense gradient),
 * then a depth-to-space shuffle (a 4-D transpose, which tfjs differentiates).
 * The kernel is stored [c, 2·2·o] (columns ordered a, b, o).
 */
export function convTranspose2x2(x: tf.Tensor4D, kernel: tf.Tensor2D, bias: tf.Tensor1D | null): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const out = kernel.shape[1] / 4;
  return tf.tidy(() => {
    const fullBias = bias ? (tf.tile(bias, [4]) as tf.Tensor1D) : null;
    const blocks = denseForward(tf.reshape(x, [n * h * w, c]) as tf.Tensor2D, kernel, fullBias, 'linear');
    // [n·h, w, a, (b, o)] → [n·h, a, w, (b, o)] is row 2i+a, column 2j+b, channel o.
    const shuffled = tf.transpose(tf.reshape(blocks, [n * h, w, 2, 2 * out]), [0, 2, 1, 3]);
    return tf.reshape(shuffled, [n, 2 * h, 2 * w, out]) as tf.Tensor4D;
  });
}

/**
 * The same as one ONNX ConvTranspose (kernel 2, stride 2) between the NHWC↔NCHW transposes; the
 * weights [c, o, 2, 2] are the stored [c, 4·o] kernel reshaped to [c, 2, 2, o] and transposed.
 */
export function exportConvTranspose2x2(g: OnnxGraph, x: string, kernel: string, bias: string | null, inChannels: number, outChannels: number): string {
  const weights = g.op('Transpose', [g.op('Reshape', [kernel, g.constant([inChannels, 2, 2, outChannels], [4], 'int64', 'shape')])], { perm: attr.ints([0, 3, 1, 2]) });
  const inputs = bias ? [toNchw(g, x), weights, bias] : [toNchw(g, x), weights];
  return toNhwc(g, g.op('ConvTranspose', inputs, { kernel_shape: attr.ints([2, 2]), strides: attr.ints([2, 2]) }));
}
