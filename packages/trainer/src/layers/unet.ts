import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { exportPool2dNchw, pool2d, toNchw, toNhwc, type Pool2DOptions } from './conv2d.js';
import { Conv2DStack, type Conv2DLayerSpec } from './conv2d-stack.js';

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
