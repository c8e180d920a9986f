import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { SeededRandom } from '../util/random.js';
import { exportDense3d, MultiHeadSelfAttention } from './attention.js';
import { applyActivation, exportActivation } from './activations.js';
import { denseForward } from './dense.js';
import { dropout } from './dropout.js';
import { initialize } from './initializers.js';
import { layerNorm, type Norm } from './normalization.js';

/** Ludwig's TransformerBlock and TransformerStack parameters (`hidden_size`, `num_heads`, `transformer_output_size`, …). */
export interface TransformerStackOptions {
  numLayers: number;
  hiddenSize: number;
  numHeads: number;
  /** Width of the position-wise feed-forward layer (Ludwig `transformer_output_size`). */
  feedForwardSize: number;
  dropout: number;
  /**
   * Pre-norm (PyTorch's `norm_first=True`: PatchTST, torchvision's ViT EncoderBlock): x + attention(LN(x)),
   * then h + FF(LN(h)), with dropout also after the feed-forward's activation as
   * nn.TransformerEncoderLayer has it. Default post-norm (Ludwig's TransformerBlock).
   */
  normFirst?: boolean;
  /** The feed-forward's activation: ReLU (Ludwig, PatchTST) unless given; torchvision's ViT uses GELU. */
  feedForwardActivation?: 'relu' | 'gelu';
  /** ε of the block's layer norms: Ludwig's 1e-6 unless given (PyTorch's layers use 1e-5). */
  epsilon?: number;
}

/** Ludwig's layer norms inside a transformer block use ε = 1e-6. */
const BLOCK_EPSILON = 1e-6;

interface Linear {
  prefix: string;
  kernel: tf.Variable;
  bias: tf.Variable;
}

function linear(params: ParameterStore, prefix: string, from: number, to: number, rng: SeededRandom): Linear {
  return {
    prefix,
    kernel: params.create(`${prefix}.kernel`, [from, to], initialize('xavier_uniform', [from, to], rng)),
    bias: params.create(`${prefix}.bias`, [to], new Float32Array(to)),
  };
}

/**
 * One post-norm transformer block as Ludwig writes it: h = LN(x + dropout(attention(x))), then
 * LN(h + dropout(W₂·relu(W₁·h))). Works on [batch·seq, hidden] rows so every dense product and
 * both norms are single 2-D kernels; only attention needs the batch and sequence axes.
 */
export class TransformerBlock {
  private readonly attention: MultiHeadSelfAttention;
  private readonly norm1: Norm;
  private readonly fc1: Linear;
  private readonly fc2: Linear;
  private readonly norm2: Norm;

  constructor(params: ParameterStore, name: string, private readonly options: TransformerStackOptions, rng: SeededRandom) {
    const { hiddenSize, numHeads, feedForwardSize } = options;
    this.attention = new MultiHeadSelfAttention(params, `${name}.self_attention`, hiddenSize, hiddenSize, rng, {
      numHeads, useBias: true, weightsInitializer: 'xavier_uniform', biasInitializer: 'zeros',
    });
    const eps = options.epsilon ?? BLOCK_EPSILON;
    this.norm1 = layerNorm(params, `${name}.layernorm1`, hiddenSize, eps);
    this.fc1 = linear(params, `${name}.fully_connected_0`, hiddenSize, feedForwardSize, rng);
    this.fc2 = linear(params, `${name}.fully_connected_1`, feedForwardSize, hiddenSize, rng);
    this.norm2 = layerNorm(params, `${name}.layernorm2`, hiddenSize, eps);
  }

  forward(x: tf.Tensor2D, batch: number, seq: number, mask: tf.Tensor2D | null, ctx: ForwardContext): tf.Tensor2D {
    const drop = (t: tf.Tensor2D) => (ctx.training && this.options.dropout > 0 ? dropout(t, this.options.dropout, ctx.rng.nextSeed()) : t);
    if (this.options.normFirst) {
      const h = tf.add(x, drop(this.attention.forward(this.norm1.apply(x, ctx), batch, seq, mask))) as tf.Tensor2D;
      const activation = this.options.feedForwardActivation ?? 'relu';
      const inner = activation === 'relu'
        ? denseForward(this.norm2.apply(h, ctx), this.fc1.kernel as tf.Tensor2D, this.fc1.bias as tf.Tensor1D, 'relu')
        : applyActivation(activation, denseForward(this.norm2.apply(h, ctx), this.fc1.kernel as tf.Tensor2D, this.fc1.bias as tf.Tensor1D, 'linear')) as tf.Tensor2D;
      return tf.add(h, drop(denseForward(drop(inner), this.fc2.kernel as tf.Tensor2D, this.fc2.bias as tf.Tensor1D, 'linear'))) as tf.Tensor2D;
    }
    const attended = drop(this.attention.forward(x, batch, seq, mask));
    const h = this.norm1.apply(tf.add(x, attended) as tf.Tensor2D, ctx);
    const hidden = denseForward(h, this.fc1.kernel as tf.Tensor2D, this.fc1.bias as tf.Tensor1D, 'relu');
    const out = drop(denseForward(hidden, this.fc2.kernel as tf.Tensor2D, this.fc2.bias as tf.Tensor1D, 'linear'));
    return this.norm2.apply(tf.add(h, out) as tf.Tensor2D, ctx);
  }

  /** x [batch, seq, hidden] → [batch, seq, hidden] at inference (dropout is the identity). */
  exportOnnx(g: OnnxGraph, x: string, seq: number, keyMask: string | null): string {
    if (this.options.normFirst) {
      const h = g.op('Add', [x, this.attention.exportOnnx(g, this.norm1.exportOnnx(g, x), seq, keyMask)]);
      const inner = exportActivation(g, this.options.feedForwardActivation ?? 'relu', exportDense3d(g, this.norm2.exportOnnx(g, h), this.fc1));
      return g.op('Add', [h, exportDense3d(g, inner, this.fc2)]);
    }
    const attended = this.attention.exportOnnx(g, x, seq, keyMask);
    const h = this.norm1.exportOnnx(g, g.op('Add', [x, attended]));
    const hidden = g.op('Relu', [exportDense3d(g, h, this.fc1)]);
    return this.norm2.exportOnnx(g, g.op('Add', [h, exportDense3d(g, hidden, this.fc2)]));
  }
}

/** Ludwig's TransformerStack: `num_layers` blocks of the same width. */
export class TransformerStack {
  private readonly blocks: TransformerBlock[];

  constructor(params: ParameterStore, name: string, options: TransformerStackOptions, rng: SeededRandom) {
    if (options.hiddenSize % options.numHeads !== 0) {
      throw new Error(`${name}: hidden_size (${options.hiddenSize}) must be divisible by num_heads (${options.numHeads})`);
    }
    this.blocks = Array.from({ length: options.numLayers }, (_, i) => new TransformerBlock(params, `${name}.layer_${i}`, options, rng));
  }

  /** x [batch·seq, hidden] rows (grouped by batch item), mask [batch, seq] or null → [batch·seq, hidden]. */
  forward(x: tf.Tensor2D, batch: number, seq: number, mask: tf.Tensor2D | null, ctx: ForwardContext): tf.Tensor2D {
    let h = x;
    for (const block of this.blocks) h = block.forward(h, batch, seq, mask, ctx);
    return h;
  }

  exportOnnx(g: OnnxGraph, x: string, seq: number, keyMask: string | null): string {
    let h = x;
    for (const block of this.blocks) h = block.exportOnnx(g, h, seq, keyMask);
    return h;
  }
}

/**
 * Learned position embeddings (Ludwig's TokenAndPositionEmbedding): row t of a
 * [max_sequence_length, size] table added to the token at step t. Returns [batch·seq, size] rows.
 */
export class PositionEmbedding {
  readonly table: tf.Variable;

  constructor(params: ParameterStore, readonly name: string, readonly length: number, readonly size: number, rng: SeededRandom) {
    // nn.Embedding's N(0, 1) initialization, as Ludwig leaves it.
    const values = new Float32Array(length * size);
    for (let i = 0; i < values.length; i++) values[i] = rng.nextGaussian();
    this.table = params.create(`${name}.table`, [length, size], values);
  }

  /** tokens [batch, seq, size] → tokens + positions, as [batch·seq, size]. */
  add(tokens: tf.Tensor3D): tf.Tensor2D {
    const [batch, seq, size] = tokens.shape;
    if (seq !== this.length) throw new Error(`${this.name}: a sequence of ${seq} steps for a table of ${this.length}`);
    return tf.reshape(tf.add(tokens, this.table), [batch * seq, size]);
  }

  exportOnnx(g: OnnxGraph, tokens: string): string {
    return g.op('Add', [tokens, g.param(`${this.name}.table`)]);
  }
}
