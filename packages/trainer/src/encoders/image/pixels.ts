import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { EncoderInputInfo } from '../encoder.js';

/** ImageNet-1k's channel statistics (torchvision's), for standardize_image: imagenet1k. */
const IMAGENET1K_MEAN = [0.485, 0.456, 0.406];
const IMAGENET1K_STD = [0.229, 0.224, 0.225];

/** An image input as every image encoder reads it: the flat uint8 HWC row, scaled, as an NHWC image. */
export interface ImagePixels {
  height: number;
  width: number;
  channels: number;
  /** pixels [batch, height·width·channels] (0–255) → [batch, height, width, channels], ÷ 255 or ImageNet-standardized. */
  forward(pixels: tf.Tensor2D): tf.Tensor4D;
  /** The same from the uint8 graph input serving feeds (the decoded pixels unchanged). */
  exportOnnx(g: OnnxGraph, pixels: string): string;
}

export function imagePixels(encoder: string, name: string, input: EncoderInputInfo): ImagePixels {
  const meta = input.metadata;
  if (meta.type !== 'image') throw new OvertureError('internal', `${encoder} image encoder '${name}' got ${meta.type} metadata`);
  const { height, width, num_channels: channels } = meta;
  const imagenet = meta.preprocessing.standardize_image === 'imagenet1k';
  const scale = Float32Array.from({ length: channels }, (_, c) => (imagenet ? 1 / (255 * IMAGENET1K_STD[c]) : 1 / 255));
  const shift = Float32Array.from({ length: channels }, (_, c) => (imagenet ? -IMAGENET1K_MEAN[c] / IMAGENET1K_STD[c] : 0));
  return {
    height, width, channels,
    forward: (pixels) => tf.add(tf.mul(tf.reshape(pixels, [-1, height, width, channels]), tf.tensor1d(scale)), tf.tensor1d(shift)) as tf.Tensor4D,
    exportOnnx: (g, pixels) => {
      const image = g.op('Reshape', [g.op('Cast', [pixels], { to: attr.int(1) }), g.constant([-1, height, width, channels], [4], 'int64', 'shape')]);
      return g.op('Add', [g.op('Mul', [image, g.constant(scale, [channels], 'float32', 'pixel_scale')]), g.constant(shift, [channels], 'float32', 'pixel_shift')]);
    },
  };
}

/** The feature's name for messages: `encoders.photo` → `photo`. */
export const featureName = (name: string) => name.replace(/^encoders\./, '');

/**
 * Ludwig's `trainable: false` (torchvision encoders): every parameter the encoder creates is
 * frozen at its initialization (batch norm still updates its running statistics, as torch does in
 * training mode).
 */
export function trainableParams(params: ParameterStore, trainable: boolean): ParameterStore {
  if (trainable) return params;
  return new Proxy(params, {
    get(target, key) {
      if (key === 'create') return (name: string, shape: number[], values: Float32Array) => target.create(name, shape, values, false);
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** PyTorch's default Linear/Conv2d initialization (kaiming uniform with a = √5): U(±1/√fan_in) for weights and bias. */
export function torchDefaultInit(size: number, fanIn: number, rng: { next(): number }): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * bound;
  return out;
}
