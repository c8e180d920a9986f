import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { applyActivation, exportActivation } from './activations.js';
import {
  conv2d, conv2dWindow, exportConv2dNchw, exportPool2dNchw, pool2d, pool2dOutput, toNchw, toNhwc,
  type Conv2DGeometry, type Pool2DOptions,
} from './conv2d.js';
import { dropout } from './dropout.js';
import { createNorm, type Norm } from './normalization.js';

/** One convolutional layer as Ludwig's Conv2DLayer runs it: conv → norm → activation → dropout → pool. */
export interface Conv2DLayerSpec extends Conv2DGeometry {
  outChannels: number;
  useBias: boolean;
  norm: 'batch' | null;
  activation: string | null;
  dropout: number;
  /** Null: no pooling. */
  pool: Pool2DOptions | null;
}

interface BuiltLayer {
  spec: Conv2DLayerSpec;
  prefix: string;
  kernel: tf.Variable;
  bias: tf.Variable | null;
  norm: Norm | null;
}

/** PyTorch's default Conv2d initialization (kaiming uniform with a = √5): U(±1/√fan_in) for weights and bias. */
function torchConvInit(size: number, fanIn: number, rng: SeededRandom): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * bound;
  return out;
}

/**
 * A stack of 2-D convolutional layers over NHWC images (Ludwig's Conv2DStack). Parameters:
 * `<name>.conv_<i>.kernel` [kh, kw, in, out], `.bias`, `.norm.*`. The output is flattened in NHWC
 * order, in tfjs and in the exported graph alike.
 */
export class Conv2DStack {
  readonly outputShape: [number, number, number];
  private readonly layers: BuiltLayer[];

  constructor(params: ParameterStore, name: string, input: [number, number, number], specs: Conv2DLayerSpec[], rng: SeededRandom) {
    let [height, width, channels] = input;
    this.layers = specs.map((spec, i) => {
      const prefix = `${name}.conv_${i}`;
      const window = conv2dWindow(height, width, spec);
      const fanIn = spec.kernel[0] * spec.kernel[1] * channels;
      const shape = [spec.kernel[0], spec.kernel[1], channels, spec.outChannels];
      const kernel = params.create(`${prefix}.kernel`, shape, torchConvInit(fanIn * spec.outChannels, fanIn, rng));
      const bias = spec.useBias ? params.create(`${prefix}.bias`, [spec.outChannels], torchConvInit(spec.outChannels, fanIn, rng)) : null;
      const norm = createNorm(spec.norm, params, `${prefix}.norm`, spec.outChannels);
      [height, width, channels] = [window.outH, window.outW, spec.outChannels];
      if (spec.pool) [height, width] = pool2dOutput(height, width, spec.pool);
      return { spec, prefix, kernel, bias, norm };
    });
    this.outputShape = [height, width, channels];
  }

  get outputSize(): number {
    return this.outputShape[0] * this.outputShape[1] * this.outputShape[2];
  }

  /** x [batch, height, width, channels] → [batch, outH·outW·outChannels]. */
  forward(x: tf.Tensor4D, ctx: ForwardContext, inputIsData: boolean): tf.Tensor2D {
    let h = x;
    this.layers.forEach((layer, i) => {
      const { spec } = layer;
      const fuseActivation = layer.norm === null;
      h = conv2d(h, layer.kernel as tf.Tensor4D, layer.bias as tf.Tensor1D | null, {
        ...spec, activation: fuseActivation ? spec.activation : null, inputNeedsGradient: !(i === 0 && inputIsData),
      });
      if (layer.norm) {
        // Batch norm over channels (BatchNorm2d): every pixel of every image is one sample.
        const shape = h.shape;
        h = tf.reshape(layer.norm.apply(tf.reshape(h, [-1, shape[3]]) as tf.Tensor2D, ctx), shape);
        h = applyActivation(spec.activation, h) as tf.Tensor4D;
      }
      if (ctx.training && spec.dropout > 0) h = dropout(h, spec.dropout, ctx.rng.nextSeed());
      if (spec.pool) h = pool2d(h, spec.pool);
    });
    return tf.reshape(h, [h.shape[0], -1]);
  }

  /** The stack as ONNX nodes: NHWC in, flat NHWC out; Conv and pooling run on NCHW between Transposes. */
  exportOnnx(g: OnnxGraph, x: string): string {
    let h = x;
    for (const layer of this.layers) {
      const { spec } = layer;
      h = toNhwc(g, exportConv2dNchw(g, toNchw(g, h), g.param(`${layer.prefix}.kernel`), layer.bias ? g.param(`${layer.prefix}.bias`) : null, spec));
      if (layer.norm) h = layer.norm.exportOnnx(g, h);
      h = exportActivation(g, spec.activation, h);
      if (spec.pool) h = toNhwc(g, exportPool2dNchw(g, toNchw(g, h), spec.pool));
    }
    return g.op('Reshape', [h, g.constant([0, this.outputSize], [2], 'int64', 'shape')]);
  }
}
