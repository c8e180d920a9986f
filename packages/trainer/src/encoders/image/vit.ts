import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, vitVariants, type VitEncoderConfig } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import type { ForwardContext } from '../../model/context.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { SeededRandom } from '../../util/random.js';
import { conv2d, exportConv2dNchw, toNchw, toNhwc, type Conv2DGeometry } from '../../layers/conv2d.js';
import { layerNorm, type Norm } from '../../layers/normalization.js';
import { reduceSequence } from '../../layers/reduce-sequence.js';
import { TransformerStack } from '../../layers/transformer.js';
import { exportRepeatOverBatch } from '../../combiners/feature-tokens.js';
import type { EncoderFactory } from '../encoder.js';
import { featureName, imagePixels, trainableParams } from './pixels.js';

export interface VitOptions {
  patchSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  mlpSize: number;
}

/** torchvision's ViT layer norms use ε 1e-6. */
const VIT_EPSILON = 1e-6;

/**
 * torchvision's VisionTransformer over NHWC images, without its head: patch_size² patches
 * embedded by a strided convolution (`conv_proj`), a learned class token in front (zeros, as
 * torchvision), learned position embeddings (N(0, 0.02²)), pre-norm blocks (the shared
 * TransformerStack with `normFirst` and a GELU MLP of mlpSize), a final layer norm, and the class token.
 */
export class VisionTransformer {
  readonly outputSize: number;
  readonly steps: number;
  private readonly patches: number;
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;
  private readonly cls: tf.Variable;
  private readonly positions: tf.Variable;
  private readonly stack: TransformerStack;
  private readonly norm: Norm;
  private readonly geometry: Conv2DGeometry;

  constructor(params: ParameterStore, private readonly name: string, [height, width, channels]: [number, number, number], private readonly options: VitOptions, rng: SeededRandom) {
    const { patchSize: p, hiddenSize: d } = options;
    this.patches = (height / p) * (width / p);
    this.steps = this.patches + 1;
    this.outputSize = d;
    this.geometry = { kernel: [p, p], stride: [p, p], dilation: [1, 1], padding: 'valid' };
    // torchvision: conv_proj weights trunc_normal(std √(1 / fan_in)), bias zeros.
    const fanIn = p * p * channels;
    const std = Math.sqrt(1 / fanIn);
    this.kernel = params.create(`${name}.conv_proj.kernel`, [p, p, channels, d], Float32Array.from({ length: fanIn * d }, () => Math.max(-2, Math.min(2, rng.nextGaussian())) * std));
    this.bias = params.create(`${name}.conv_proj.bias`, [d], new Float32Array(d));
    this.cls = params.create(`${name}.class_token`, [1, 1, d], new Float32Array(d));
    this.positions = params.create(`${name}.pos_embedding`, [1, this.steps, d], Float32Array.from({ length: this.steps * d }, () => rng.nextGaussian() * 0.02));
    this.stack = new TransformerStack(params, `${name}.encoder`, {
      numLayers: options.numLayers, hiddenSize: d, numHeads: options.numHeads, feedForwardSize: options.mlpSize, dropout: 0, normFirst: true, feedForwardActivation: 'gelu',
    }, rng);
    this.norm = layerNorm(params, `${name}.encoder.ln`, d, VIT_EPSILON);
  }

  /** x [batch, height, width, channels] (data) → the class token's state [batch, hidden]. */
  forward(x: tf.Tensor4D, ctx: ForwardContext): tf.Tensor2D {
    const batch = x.shape[0];
    const { hiddenSize: d } = this.options;
    const embedded = conv2d(x, this.kernel as tf.Tensor4D, this.bias as tf.Tensor1D, { ...this.geometry, activation: null, inputNeedsGradient: false });
    const tokens = tf.concat([tf.broadcastTo(this.cls, [batch, 1, d]), tf.reshape(embedded, [batch, this.patches, d])], 1);
    const h = this.stack.forward(tf.reshape(tf.add(tokens, this.positions), [batch * this.steps, d]), batch, this.steps, null, ctx);
    const normed = tf.reshape(this.norm.apply(h, ctx), [batch, this.steps, d]) as tf.Tensor3D;
    // The class token, as a pooling under a mask that keeps step 0 only (one kernel each way), as ft_transformer does.
    const first = tf.tidy(() => tf.tensor2d(Float32Array.from({ length: batch * this.steps }, (_, i) => (i % this.steps === 0 ? 1 : 0)), [batch, this.steps]));
    return reduceSequence(normed, first, 'sum');
  }

  exportOnnx(g: OnnxGraph, x: string): string {
    const conv = toNhwc(g, exportConv2dNchw(g, toNchw(g, x), g.param(`${this.name}.conv_proj.kernel`), g.param(`${this.name}.conv_proj.bias`), this.geometry));
    const tokens = g.op('Reshape', [conv, g.constant([0, this.patches, this.options.hiddenSize], [3], 'int64', 'shape')]);
    const sequence = g.op('Concat', [exportRepeatOverBatch(g, g.op('Reshape', [x, g.constant([0, -1], [2], 'int64', 'shape')]), g.param(`${this.name}.class_token`)), tokens], { axis: attr.int(1) });
    const h = this.stack.exportOnnx(g, g.op('Add', [sequence, g.param(`${this.name}.pos_embedding`)]), this.steps, null);
    return g.op('Gather', [this.norm.exportOnnx(g, h), g.constant([0], [], 'int64', 'index')], { axis: attr.int(1) });
  }
}

/**
 * Ludwig's `vit` image encoder (torchvision's, its head removed) trained from scratch
 * (`use_pretrained: false`) with the variant's hidden size, layers, heads and patch size. The image
 * is Overture's preprocessed size (Ludwig resizes to the pretrained crop, 224); its height and width
 * must be multiples of the patch size, as torchvision requires.
 */
export const vitEncoder: EncoderFactory<VitEncoderConfig> = ({ name, config, input, params, rng }) => {
  const pixels = imagePixels('vit', name, input);
  const variant = vitVariants[config.model_variant];
  const p = variant.patchSize;
  const { height, width } = pixels;
  if (height < p || width < p) {
    throw new OvertureError('invalid_config', `Image encoder vit ${config.model_variant} of '${featureName(name)}': the images (${height}×${width}) are smaller than its ${p}×${p} patches; set preprocessing height and width to at least ${p} (a multiple of ${p}), or use a variant with smaller patches.`);
  }
  if (height % p !== 0 || width % p !== 0) {
    throw new OvertureError('invalid_config', `Image encoder vit ${config.model_variant} of '${featureName(name)}': the image height and width (${height}×${width}) must be multiples of its ${p}-pixel patch size, as torchvision requires; set preprocessing height and width to multiples of ${p}.`);
  }
  const net = new VisionTransformer(trainableParams(params, config.trainable), name, [height, width, pixels.channels], variant, rng);
  return {
    outputSize: net.outputSize,
    forward: (row, ctx) => net.forward(pixels.forward(row), ctx),
    exportOnnx: (g, row) => net.exportOnnx(g, pixels.exportOnnx(g, row)),
  };
};
