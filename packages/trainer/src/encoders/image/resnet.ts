import * as tf from '@tensorflow/tfjs-core';
import type { ResnetEncoderConfig } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import type { ForwardContext } from '../../model/context.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { SeededRandom } from '../../util/random.js';
import { conv2d, conv2dWindow, exportConv2dNchw, pool2d, pool2dOutput, toNchw, toNhwc, type Conv2DGeometry } from '../../layers/conv2d.js';
import { createNorm, type Norm } from '../../layers/normalization.js';
import type { EncoderFactory } from '../encoder.js';
import { imagePixels, trainableParams } from './pixels.js';

/** torchvision's ResNet table: the block kind and the blocks of each of the four stages. */
export const resnetLayouts = {
  18: { bottleneck: false, blocks: [2, 2, 2, 2] },
  34: { bottleneck: false, blocks: [3, 4, 6, 3] },
  50: { bottleneck: true, blocks: [3, 4, 6, 3] },
  101: { bottleneck: true, blocks: [3, 4, 23, 3] },
  152: { bottleneck: true, blocks: [3, 8, 36, 3] },
} as const satisfies Record<ResnetEncoderConfig['model_variant'], { bottleneck: boolean; blocks: readonly number[] }>;

export interface ResnetLayout {
  bottleneck: boolean;
  blocks: readonly number[];
  /** Channels of the stem and of the first stage (64 in torchvision; smaller in tests only). */
  baseWidth?: number;
}

type Shape = [number, number, number];

/** Convolution without bias, then batch norm (ε 1e-5, momentum 0.1 as BatchNorm2d), then ReLU or not. */
class ConvBn {
  readonly outShape: Shape;
  private readonly kernel: tf.Variable;
  private readonly norm: Norm;
  private readonly geometry: Conv2DGeometry;

  constructor(params: ParameterStore, readonly prefix: string, [h, w, c]: Shape, out: number, k: number, stride: number, private readonly relu: boolean, rng: SeededRandom) {
    this.geometry = { kernel: [k, k], stride: [stride, stride], dilation: [1, 1], padding: Math.floor(k / 2) };
    const window = conv2dWindow(h, w, this.geometry);
    // torchvision: kaiming_normal_(mode='fan_out', nonlinearity='relu'), std √(2 / (out·k²)).
    const std = Math.sqrt(2 / (out * k * k));
    this.kernel = params.create(`${prefix}.kernel`, [k, k, c, out], Float32Array.from({ length: k * k * c * out }, () => rng.nextGaussian() * std));
    this.norm = createNorm('batch', params, `${prefix}.bn`, out)!;
    this.outShape = [window.outH, window.outW, out];
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext, inputIsData = false): tf.Tensor4D {
    const y = conv2d(x, this.kernel as tf.Tensor4D, null, { ...this.geometry, activation: null, inputNeedsGradient: !inputIsData });
    const normed = tf.reshape(this.norm.apply(tf.reshape(y, [-1, this.outShape[2]]) as tf.Tensor2D, ctx), y.shape) as tf.Tensor4D;
    return this.relu ? tf.relu(normed) : normed;
  }

  exportOnnx(g: OnnxGraph, x: string): string {
    const y = this.norm.exportOnnx(g, toNhwc(g, exportConv2dNchw(g, toNchw(g, x), g.param(`${this.prefix}.kernel`), null, this.geometry)));
    return this.relu ? g.op('Relu', [y]) : y;
  }
}

/**
 * A residual block: basic (two 3×3 convolutions) or bottleneck (1×1 down to `planes`, 3×3 with the
 * stride as torchvision's v1.5, 1×1 up to 4·planes), plus the input, through a 1×1 strided
 * convolution with batch norm when the shape changes; ReLU after the sum.
 */
class ResidualBlock {
  readonly outShape: Shape;
  private readonly convs: ConvBn[];
  private readonly downsample: ConvBn | null;

  constructor(params: ParameterStore, prefix: string, shape: Shape, planes: number, stride: number, bottleneck: boolean, rng: SeededRandom) {
    const out = bottleneck ? planes * 4 : planes;
    const specs: [number, number, number, boolean][] = bottleneck
      ? [[planes, 1, 1, true], [planes, 3, stride, true], [out, 1, 1, false]]
      : [[planes, 3, stride, true], [planes, 3, 1, false]];
    let s = shape;
    this.convs = specs.map(([o, k, st, relu], i) => {
      const conv = new ConvBn(params, `${prefix}.conv${i + 1}`, s, o, k, st, relu, rng);
      s = conv.outShape;
      return conv;
    });
    this.downsample = stride !== 1 || shape[2] !== out ? new ConvBn(params, `${prefix}.downsample`, shape, out, 1, stride, false, rng) : null;
    this.outShape = s;
  }

  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor4D {
    let h = x;
    for (const conv of this.convs) h = conv.forward(h, ctx);
    return tf.relu(tf.add(h, this.downsample ? this.downsample.forward(x, ctx) : x)) as tf.Tensor4D;
  }

  exportOnnx(g: OnnxGraph, x: string): string {
    let h = x;
    for (const conv of this.convs) h = conv.exportOnnx(g, h);
    return g.op('Relu', [g.op('Add', [h, this.downsample ? this.downsample.exportOnnx(g, x) : x])]);
  }
}

/** The stem's 3×3, stride-2 max pooling with one pixel of padding. */
const STEM_POOL = { mode: 'max' as const, kernel: [3, 3] as [number, number], stride: [2, 2] as [number, number] };

/**
 * torchvision's ResNet over NHWC images, without its classification layer: a 7×7 stride-2
 * convolution, batch norm, ReLU and a 3×3 stride-2 max pooling, four stages of residual blocks
 * (64, 128, 256, 512 planes; every stage after the first halves the map), then the mean over the
 * map (its adaptive average pooling). Small images are fine: each strided step of a map of one
 * pixel gives one pixel (with the padding), so a map bottoms out at 1×1 and the last stages see one
 * position, as in torchvision.
 */
export class Resnet {
  readonly outputSize: number;
  private readonly stem: ConvBn;
  private readonly blocks: ResidualBlock[] = [];

  constructor(params: ParameterStore, name: string, input: Shape, layout: ResnetLayout, rng: SeededRandom) {
    const base = layout.baseWidth ?? 64;
    this.stem = new ConvBn(params, `${name}.conv1`, input, base, 7, 2, true, rng);
    const [h, w, c] = this.stem.outShape;
    let shape: Shape = [...pool2dOutput(h + 2, w + 2, STEM_POOL), c];
    layout.blocks.forEach((count, stage) => {
      for (let i = 0; i < count; i++) {
        const block = new ResidualBlock(params, `${name}.layer${stage + 1}.${i}`, shape, base * 2 ** stage, i === 0 && stage > 0 ? 2 : 1, layout.bottleneck, rng);
        this.blocks.push(block);
        shape = block.outShape;
      }
    });
    this.outputSize = shape[2];
  }

  /** x [batch, height, width, channels] (data) → [batch, outputSize]. */
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    // Zero padding is max pooling's −∞ padding here: the stem's output is after a ReLU (≥ 0) and every window holds a real pixel.
    let h = pool2d(tf.pad(this.stem.forward(x, ctx, true), [[0, 0], [1, 1], [1, 1], [0, 0]]), STEM_POOL);
    for (const block of this.blocks) h = block.forward(h, ctx);
    return tf.mean(h, [1, 2]) as tf.Tensor2D;
  }

  exportOnnx(g: OnnxGraph, x: string): string {
    const pooled = g.op('MaxPool', [toNchw(g, this.stem.exportOnnx(g, x))], {
      kernel_shape: attr.ints(STEM_POOL.kernel), strides: attr.ints(STEM_POOL.stride), pads: attr.ints([1, 1, 1, 1]),
    });
    let h = toNhwc(g, pooled);
    for (const block of this.blocks) h = block.exportOnnx(g, h);
    return g.op('ReduceMean', [h], { axes: attr.ints([1, 2]), keepdims: attr.int(0) });
  }
}

/**
 * Ludwig's `resnet` image encoder (torchvision's, its `fc` removed) trained from scratch
 * (`use_pretrained: false`; validation refuses pretrained weights): the pixels scaled as every
 * image encoder does, then the network; 512 values (18, 34) or 2,048 (50, 101, 152).
 */
export const resnetEncoder: EncoderFactory<ResnetEncoderConfig> = ({ name, config, input, params, rng }) => {
  const pixels = imagePixels('resnet', name, input);
  const net = new Resnet(trainableParams(params, config.trainable), name, [pixels.height, pixels.width, pixels.channels], resnetLayouts[config.model_variant], rng);
  return {
    outputSize: net.outputSize,
    forward: (row, ctx) => net.forward(pixels.forward(row), ctx),
    exportOnnx: (g, row) => net.exportOnnx(g, pixels.exportOnnx(g, row)),
  };
};
