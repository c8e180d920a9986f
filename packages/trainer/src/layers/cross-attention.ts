import * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import type { SeededRandom } from '../util/random.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import { denseForward } from './dense.js';
import { dropout } from './dropout.js';
import { initialize } from './initializers.js';
import { exportDense3d, exportMaskedSoftmax, maskedSoftmax } from './attention.js';

/**
 * Multi-head attention of queries over a separate set of keys/values, as PyTorch's
 * nn.MultiheadAttention (batch_first) that Ludwig's cross_attention and perceiver combiners use:
 * query, key and value projections with biases (xavier-uniform weights, zero biases as PyTorch's
 * in_proj), scaled dot-product attention per head with dropout on the attention weights while
 * training, heads joined and the output projection. No mask: every key is a feature or a token.
 * The projections are one dense product over all rows; the score and value products are batched
 * over batch·heads; the softmax is the attention kernel of `attention.ts`.
 */
export class CrossAttention {
  private readonly headSize: number;

  constructor(
    private readonly params: ParameterStore,
    readonly name: string,
    readonly size: number,
    private readonly numHeads: number,
    private readonly dropoutRate: number,
    rng: SeededRandom,
  ) {
    if (size % numHeads !== 0) throw new Error(`${name}: the size (${size}) must be divisible by num_heads (${numHeads})`);
    this.headSize = size / numHeads;
    for (const part of ['query', 'key', 'value', 'out_proj']) {
      params.create(`${name}.${part}.kernel`, [size, size], initialize('xavier_uniform', [size, size], rng));
      params.create(`${name}.${part}.bias`, [size], new Float32Array(size));
    }
  }

  private project(x: tf.Tensor2D, part: string): tf.Tensor2D {
    return denseForward(x, this.params.get(`${this.name}.${part}.kernel`) as tf.Tensor2D, this.params.get(`${this.name}.${part}.bias`) as tf.Tensor1D, 'linear');
  }

  /** queries [batch·lq, size], keys/values [batch·lk, size] (rows grouped by batch item) → [batch·lq, size]. */
  forward(queries: tf.Tensor2D, keys: tf.Tensor2D, batch: number, lq: number, lk: number, ctx: ForwardContext): tf.Tensor2D {
    const heads = this.numHeads;
    const d = this.headSize;
    const split = (x: tf.Tensor2D, len: number) => tf.reshape(tf.transpose(tf.reshape(x, [batch, len, heads, d]), [0, 2, 1, 3]), [batch * heads, len, d]) as tf.Tensor3D;
    const q = split(this.project(queries, 'query'), lq);
    const k = split(this.project(keys, 'key'), lk);
    const v = split(this.project(keys, 'value'), lk);
    const scores = tf.reshape(tf.matMul(q, k, false, true), [batch, heads * lq, lk]);
    let p = tf.reshape(maskedSoftmax(scores, null, 1 / Math.sqrt(d)), [batch * heads, lq, lk]) as tf.Tensor3D;
    if (ctx.training && this.dropoutRate > 0) p = dropout(p, this.dropoutRate, ctx.rng.nextSeed());
    const attended = tf.matMul(p, v);
    const joined = tf.reshape(tf.transpose(tf.reshape(attended, [batch, heads, lq, d]), [0, 2, 1, 3]), [batch * lq, this.size]) as tf.Tensor2D;
    return this.project(joined, 'out_proj');
  }

  /** queries [batch, lq, size] and keys/values [batch, lk, size] → [batch, lq, size], as ONNX nodes. */
  exportOnnx(g: OnnxGraph, queries: string, keys: string, lq: number, lk: number): string {
    const heads = this.numHeads;
    const d = this.headSize;
    const split = (x: string, part: string, len: number, perm: number[]) => {
      const projected = exportDense3d(g, x, { prefix: `${this.name}.${part}`, bias: true });
      return g.op('Transpose', [g.op('Reshape', [projected, g.constant([0, len, heads, d], [4], 'int64', 'shape')])], { perm: attr.ints(perm) });
    };
    const q = split(queries, 'query', lq, [0, 2, 1, 3]);
    const kT = split(keys, 'key', lk, [0, 2, 3, 1]);
    const v = split(keys, 'value', lk, [0, 2, 1, 3]);
    const p = exportMaskedSoftmax(g, g.op('MatMul', [q, kT]), null, 1 / Math.sqrt(d));
    const attended = g.op('Transpose', [g.op('MatMul', [p, v])], { perm: attr.ints([0, 2, 1, 3]) });
    return exportDense3d(g, g.op('Reshape', [attended, g.constant([0, lq, this.size], [3], 'int64', 'shape')]), { prefix: `${this.name}.out_proj`, bias: true });
  }
}
