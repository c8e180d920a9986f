import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type MlpMixerEncoderConfig } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import type { ForwardContext } from '../../model/context.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { SeededRandom } from '../../util/random.js';
import { applyActivation, exportActivation } from '../../layers/activations.js';
import { exportDense3d } from '../../layers/attention.js';
import { conv2d, exportConv2dNchw, toNchw, toNhwc } from '../../layers/conv2d.js';
import { denseForward } from '../../layers/dense.js';
import { dropout } from '../../layers/dropout.js';
import { layerNorm, type Norm } from '../../layers/normalization.js';
import type { EncoderFactory } from '../encoder.js';
import { featureName, imagePixels, torchDefaultInit } from './pixels.js';

interface Linear {
  prefix: string;
  kernel: tf.Variable;
  bias: tf.Variable;
}

/** nn.Linear with PyTorch's default initialization, stored [in, out] for the dense kernel. */
function linear(params: ParameterStore, prefix: string, from: number, to: number, rng: SeededRandom): Linear {
  return {
    prefix,
    kernel: params.create(`${prefix}.kernel`, [from, to], torchDefaultInit(from * to, from, rng)),
    bias: params.create(`${prefix}.bias`, [to], torchDefaultInit(to, from, rng)),
  };
}

/** Ludwig's MLP of a mixer block: Linear → GELU → dropout → Linear → dropout, over [rows, in]. */
class Mlp {
  private readonly fc1: Linear;
  private readonly fc2: Linear;

  constructor(params: ParameterStore, prefix: string, size: number, hidden: number, private readonly rate: number, rng: SeededRandom) {
    this.fc1 = linear(params, `${prefix}.linear1`, size, hidden, rng);
    this.fc2 = linear(params, `${prefix}.linear2`, hidden, size, rng);
  }

  forward(x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
    const drop = (t: tf.Tensor2D) => (ctx.training && this.rate > 0 ? dropout(t, this.rate, ctx.rng.nextSeed()) : t);
    const hidden = drop(applyActivation('gelu', denseForward(x, this.fc1.kernel as tf.Tensor2D, this.fc1.bias as tf.Tensor1D, 'linear')) as tf.Tensor2D);
    return drop(denseForward(hidden, this.fc2.kernel as tf.Tensor2D, this.fc2.bias as tf.Tensor1D, 'linear'));
  }

  /** x [batch, rows, in] → [batch, rows, in]. */
  exportOnnx(g: OnnxGraph, x: string): string {
    return exportDense3d(g, exportActivation(g, 'gelu', exportDense3d(g, x, this.fc1)), this.fc2);
  }
}

/**
 * One mixer block: token mixing (an MLP across the patches, applied to each channel: the
 * [patches, embed] map transposed) after a layer norm, with a residual; then channel mixing (an MLP
 * across the embedding of each patch) after a second layer norm, with a residual.
 */
class MixerBlock {
  private readonly norm1: Norm;
  private readonly tokenMlp: Mlp;
  private readonly norm2: Norm;
  private readonly channelMlp: Mlp;

  constructor(params: ParameterStore, prefix: string, private readonly patches: number, private readonly embed: number, config: MlpMixerEncoderConfig, rng: SeededRandom) {
    this.norm1 = layerNorm(params, `${prefix}.layernorm1`, embed);
    this.tokenMlp = new Mlp(params, `${prefix}.mlp1`, patches, config.token_size, config.dropout, rng);
    this.norm2 = layerNorm(params, `${prefix}.layernorm2`, embed);
    this.channelMlp = new Mlp(params, `${prefix}.mlp2`, embed, config.channel_dim, config.dropout, rng);
  }

  /** x [batch·patches, embed] → the same. */
  forward(x: tf.Tensor2D, batch: number, ctx: ForwardContext): tf.Tensor2D {
    const { patches, embed } = this;
    const normed = tf.reshape(this.norm1.apply(x, ctx), [batch, patches, embed]);
    const perChannel = tf.reshape(tf.transpose(normed, [0, 2, 1]), [batch * embed, patches]) as tf.Tensor2D;
    const mixed = tf.reshape(tf.transpose(tf.reshape(this.tokenMlp.forward(perChannel, ctx), [batch, embed, patches]), [0, 2, 1]), [batch * patches, embed]);
    const mid = tf.add(x, mixed) as tf.Tensor2D;
    return tf.add(mid, this.channelMlp.forward(this.norm2.apply(mid, ctx), ctx)) as tf.Tensor2D;
  }

  /** x [batch, patches, embed] → the same. */
  exportOnnx(g: OnnxGraph, x: string): string {
    const swap = (t: string) => g.op('Transpose', [t], { perm: attr.ints([0, 2, 1]) });
    const mid = g.op('Add', [x, swap(this.tokenMlp.exportOnnx(g, swap(this.norm1.exportOnnx(g, x))))]);
    return g.op('Add', [mid, this.channelMlp.exportOnnx(g, this.norm2.exportOnnx(g, mid))]);
  }
}

/**
 * Ludwig's `mlp_mixer` image encoder (MLPMixer, Tolstikhin et al. 2021): the image cut into
 * patch_size² patches embedded by one strided convolution, the mixer blocks, a final layer norm,
 * and the mean over the patches (avg_pool; embed_size values) or every patch (a sequence).
 */
export const mlpMixerEncoder: EncoderFactory<MlpMixerEncoderConfig> = ({ name, config, input, params, rng }) => {
  const pixels = imagePixels('mlp_mixer', name, input);
  const { height, width, channels } = pixels;
  const p = config.patch_size;
  if (height % p !== 0 || width % p !== 0) {
    throw new OvertureError('invalid_config', `Image encoder mlp_mixer of '${featureName(name)}': patch_size ${p} must divide the image height and width (images are ${height}×${width}); choose a patch_size that divides both, or set preprocessing height and width to multiples of ${p}.`);
  }
  const embed = config.embed_size;
  const patches = (height / p) * (width / p);
  const fanIn = p * p * channels;
  const patchKernel = params.create(`${name}.patch_conv.kernel`, [p, p, channels, embed], torchDefaultInit(fanIn * embed, fanIn, rng));
  const patchBias = params.create(`${name}.patch_conv.bias`, [embed], torchDefaultInit(embed, fanIn, rng));
  const geometry = { kernel: [p, p] as [number, number], stride: [p, p] as [number, number], dilation: [1, 1] as [number, number], padding: 'valid' as const };
  const blocks = Array.from({ length: config.num_layers }, (_, i) => new MixerBlock(params, `${name}.mixer_${i}`, patches, embed, config, rng));
  const finalNorm = layerNorm(params, `${name}.layer_norm`, embed);

  /** pixels → the normed patch embeddings, [batch·patches, embed] (rows patch-major per image, as torch's flatten(2)). */
  const encode = (row: tf.Tensor2D, ctx: ForwardContext) => {
    const batch = row.shape[0];
    const embedded = conv2d(pixels.forward(row), patchKernel as tf.Tensor4D, patchBias as tf.Tensor1D, { ...geometry, activation: null, inputNeedsGradient: false });
    let h = tf.reshape(embedded, [batch * patches, embed]) as tf.Tensor2D;
    for (const block of blocks) h = block.forward(h, batch, ctx);
    return finalNorm.apply(h, ctx);
  };
  const exportEncode = (g: OnnxGraph, row: string) => {
    const conv = toNhwc(g, exportConv2dNchw(g, toNchw(g, pixels.exportOnnx(g, row)), g.param(`${name}.patch_conv.kernel`), g.param(`${name}.patch_conv.bias`), geometry));
    let h = g.op('Reshape', [conv, g.constant([0, patches, embed], [3], 'int64', 'shape')]);
    for (const block of blocks) h = block.exportOnnx(g, h);
    return finalNorm.exportOnnx(g, h);
  };

  if (!config.avg_pool) {
    // Every patch's embedding, as a sequence (Ludwig's output [n_patches, embed_size]); every step is real.
    return {
      outputSize: patches * embed,
      sequence: {
        steps: patches,
        size: embed,
        mask: (row) => tf.ones([row.shape[0], patches]) as tf.Tensor2D,
        // [batch, 1] of a finite value per image (pixels are 0–255), times zeros, plus one: a [batch, patches] mask of ones.
        exportMask: (g, row) => {
          const perImage = g.op('ReduceMax', [g.op('Cast', [row], { to: attr.int(1) })], { axes: attr.ints([1]), keepdims: attr.int(1) });
          return g.op('Add', [g.op('Mul', [perImage, g.constant(new Float32Array(patches), [patches], 'float32', 'patch_zeros')]), g.scalar(1)]);
        },
      },
      forward: (row, ctx) => tf.reshape(encode(row, ctx), [row.shape[0], patches * embed]),
      exportOnnx: (g, row) => g.op('Reshape', [exportEncode(g, row), g.constant([-1, patches * embed], [2], 'int64', 'shape')]),
    };
  }
  return {
    outputSize: embed,
    forward: (row, ctx) => tf.mean(tf.reshape(encode(row, ctx), [row.shape[0], patches, embed]), 1) as tf.Tensor2D,
    exportOnnx: (g, row) => g.op('ReduceMean', [exportEncode(g, row)], { axes: attr.ints([1]), keepdims: attr.int(0) }),
  };
};
