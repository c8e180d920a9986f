import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { exportPool2dNchw, pool2d, toNchw, toNhwc, type Pool2DOptions } from './conv2d.js';
import { Conv2DStack, type Conv2DLayerSpec } from './conv2d-stack.js';
import { convTranspose2x2, exportConvTranspose2x2 } from './conv-transpose2d.js';
import { attr } from '../export/onnx-graph.js';

const HALVE: Pool2DOptions = { mode: 'max', kernel: [2, 2], stride: [2, 2] };

/** Ludwig's UNetDoubleConvLayer: two 3×3 convolutions (padding 1), each followed by the norm and ReLU. */
export function doubleConvSpecs(outChannels: number, norm: 'batch' | null): Conv2DLayerSpec[] {
  const layer: Conv2DLayerSpec = {
    outChannels, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: 1, useBias: true, norm, activation: 'relu', dropout: 0, pool: null,
  };
  return [layer, { ...layer }];
}

/**
 * Ludwig's UNetDownStack over NHWC images: `depth` stages of a double convolution (64 filters,
 * doubling each stage) whose output is kept as a skip connection, then a 2×2 max pooling; a
 * bottleneck double convolution at the end. Parameters `<name>.down_<i>.conv_<j>.*`, `<name>.bottleneck.*`.
 */
export class UNetDownStack {
  readonly stages: Conv2DStack[];
  readonly bottleneck: Conv2DStack;
  /** [height, width, channels] of each skip, first (full size) to last. */
  readonly skipShapes: [number, number, number][] = [];
  readonly outputShape: [number, number, number];

  constructor(params: ParameterStore, name: string, input: [number, number, number], norm: 'batch' | null, rng: SeededRandom, depth = 4) {
    let [height, width, channels] = input;
    let filters = 64;
    this.stages = [];
    for (let i = 0; i < depth; i++) {
      this.stages.push(new Conv2DStack(params, `${name}.down_${i}`, [height, width, channels], doubleConvSpecs(filters, norm), rng));
      this.skipShapes.push([height, width, filters]);
      [height, width, channels] = [height / 2, width / 2, filters];
      filters *= 2;
    }
    this.bottleneck = new Conv2DStack(params, `${name}.bottleneck`, [height, width, channels], doubleConvSpecs(filters, norm), rng);
    this.outputShape = [height, width, filters];
  }

  /** x [batch, h, w, c] → the bottleneck [batch, h/2^depth · w/2^depth · filters] (flat NHWC) and the skips (NHWC). */
  forward(x: tf.Tensor4D, ctx: ForwardContext): { output: tf.Tensor2D; skips: tf.Tensor4D[] } {
    const skips: tf.Tensor4D[] = [];
    let h = x;
    this.stages.forEach((stage, i) => {
      const [sh, sw, sc] = this.skipShapes[i];
      const skip = tf.reshape(stage.forward(h, ctx, i === 0), [-1, sh, sw, sc]) as tf.Tensor4D;
      skips.push(skip);
      h = pool2d(skip, HALVE);
    });
    return { output: this.bottleneck.forward(h, ctx, false), skips };
  }

  exportOnnx(g: OnnxGraph, x: string): { output: string; skips: string[] } {
    const skips: string[] = [];
    let h = x;
    this.stages.forEach((stage, i) => {
      const [sh, sw, sc] = this.skipShapes[i];
      const skip = g.op('Reshape', [stage.exportOnnx(g, h), g.constant([-1, sh, sw, sc], [4], 'int64', 'shape')]);
      skips.push(skip);
      h = toNhwc(g, exportPool2dNchw(g, toNchw(g, skip), HALVE));
    });
    return { output: this.bottleneck.exportOnnx(g, h), skips };
  }
}

/** PyTorch's default init of a conv/transposed conv: U(±1/√fan_in). */
function torchUniform(size: number, fanIn: number, rng: SeededRandom): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * bound;
  return out;
}

/**
 * Ludwig's UNetUpStack over NHWC maps: from the bottleneck [h/2^depth, w/2^depth, 64·2^depth],
 * `depth` stages of a 2×2 stride-2 transposed convolution halving the channels, the matching skip
 * of the down stack concatenated after it (channels: up first, skip second, as torch.cat([hidden,
 * skip])), a double convolution; then a 1×1 convolution to `classes` logits per pixel.
 * Parameters `<name>.up_<i>.{kernel,bias}`, `<name>.conv_<i>.conv_<j>.*`, `<name>.last.conv_0.*`.
 */
export class UNetUpStack {
  private readonly ups: { kernel: tf.Variable; bias: tf.Variable; prefix: string; inC: number; outC: number }[] = [];
  private readonly convs: Conv2DStack[] = [];
  private readonly last: Conv2DStack;
  readonly inputShape: [number, number, number];

  constructor(params: ParameterStore, name: string, output: [number, number], classes: number, norm: 'batch' | null, rng: SeededRandom, depth = 4) {
    let [height, width] = [output[0] >> depth, output[1] >> depth];
    let inC = 64 << depth;
    this.inputShape = [height, width, inC];
    for (let i = 0; i < depth; i++) {
      const outC = inC / 2;
      // ConvTranspose2d's fan_in is computed from weight dim 1 (out channels) × kernel area.
      const fanIn = outC * 4;
      this.ups.push({
        kernel: params.create(`${name}.up_${i}.kernel`, [inC, 4 * outC], torchUniform(inC * 4 * outC, fanIn, rng)),
        bias: params.create(`${name}.up_${i}.bias`, [outC], torchUniform(outC, fanIn, rng)),
        prefix: `${name}.up_${i}`, inC, outC,
      });
      [height, width] = [height * 2, width * 2];
      this.convs.push(new Conv2DStack(params, `${name}.conv_${i}`, [height, width, 2 * outC], doubleConvSpecs(outC, norm), rng));
      inC = outC;
    }
    const last: Conv2DLayerSpec = {
      outChannels: classes, kernel: [1, 1], stride: [1, 1], dilation: [1, 1], padding: 0, useBias: true, norm: null, activation: null, dropout: 0, pool: null,
    };
    this.last = new Conv2DStack(params, `${name}.last`, [height, width, inC], [last], rng);
  }

  /** The bottleneck (flat NHWC) and the down stack's skips (first = full size) → logits [batch, h·w·classes] (flat NHWC). */
  forward(bottleneck: tf.Tensor2D, skips: tf.Tensor4D[], ctx: ForwardContext): tf.Tensor2D {
    let h = tf.reshape(bottleneck, [-1, ...this.inputShape]) as tf.Tensor4D;
    this.ups.forEach((up, i) => {
      const skip = skips[skips.length - 1 - i];
      const upsampled = convTranspose2x2(h, up.kernel as tf.Tensor2D, up.bias as tf.Tensor1D);
      const joined = tf.concat([upsampled, skip], 3);
      const stage = this.convs[i];
      h = tf.reshape(stage.forward(joined, ctx, false), [-1, ...stage.outputShape]) as tf.Tensor4D;
    });
    return this.last.forward(h, ctx, false);
  }

  exportOnnx(g: OnnxGraph, bottleneck: string, skips: string[]): string {
    let h = g.op('Reshape', [bottleneck, g.constant([-1, ...this.inputShape], [4], 'int64', 'shape')]);
    this.ups.forEach((up, i) => {
      const upsampled = exportConvTranspose2x2(g, h, g.param(`${up.prefix}.kernel`), g.param(`${up.prefix}.bias`), up.inC, up.outC);
      const joined = g.op('Concat', [upsampled, skips[skips.length - 1 - i]], { axis: attr.int(3) });
      const stage = this.convs[i];
      h = g.op('Reshape', [stage.exportOnnx(g, joined), g.constant([-1, ...stage.outputShape], [4], 'int64', 'shape')]);
    });
    return this.last.exportOnnx(g, h);
  }
}
