import * as tf from '@tensorflow/tfjs-core';
import { attentionKernelsAvailable, MASKED_SOFTMAX, MASKED_SOFTMAX_GRADIENT, type MaskedSoftmaxAttrs } from '../backend/attention-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { denseForward } from './dense.js';
import { initialize } from './initializers.js';

/**
 * softmax(scale · scores) over the last axis, counting only the keys where mask [batch, keys] is
 * not 0 (padding after a text); a row with no key left is all 0. One kernel each way on wasm and
 * cpu; tensor ops elsewhere.
 */
export function maskedSoftmax(scores: tf.Tensor, mask: tf.Tensor2D | null, scale: number): tf.Tensor {
  if (!(scale > 0)) throw new Error(`maskedSoftmax: the scale must be positive, got ${scale}`);
  if (!attentionKernelsAvailable()) return maskedSoftmaxWithTensorOps(scores, mask, scale);
  const attrs: MaskedSoftmaxAttrs = { scale };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [s, m] = args as [tf.Tensor, tf.Tensor | undefined];
    const p = tf.engine().runKernel(MASKED_SOFTMAX, mask ? { scores: s, mask: m! } : { scores: s }, attrs as never) as tf.Tensor;
    save([p, ...(mask ? [m!] : [])]);
    return {
      value: p,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const ds = tf.engine().runKernel(MASKED_SOFTMAX_GRADIENT, { dy, p: saved[0] }, attrs as never) as tf.Tensor;
        return mask ? [ds, tf.zerosLike(saved[1])] : [ds];
      },
    };
  });
  return (mask ? op(scores, mask) : op(scores)) as tf.Tensor;
}

/** The same computation from tfjs ops (other backends; the reference of the kernel's tests). */
export function maskedSoftmaxWithTensorOps(scores: tf.Tensor, mask: tf.Tensor2D | null, scale: number): tf.Tensor {
  const scaled = tf.mul(scores, scale);
  if (mask === null) return tf.softmax(scaled);
  const [batch, keys] = mask.shape;
  const keyShape = [batch, ...scores.shape.slice(1, -1).map(() => 1), keys];
  const valid = tf.broadcastTo(tf.reshape(tf.notEqual(mask, 0), keyShape), scores.shape);
  const p = tf.softmax(tf.where(valid, scaled, tf.fill(scores.shape, -1e30)));
  return tf.mul(p, tf.cast(valid, 'float32'));
}

/** Softmax as ONNX: masked keys get −1e30 (exp underflows to exactly 0), then the mask zeroes rows with no key. */
export function exportMaskedSoftmax(g: OnnxGraph, scores: string, keyMask: string | null, scale: number): string {
  const scaled = g.op('Mul', [scores, g.scalar(scale)]);
  if (keyMask === null) return g.op('Softmax', [scaled], { axis: attr.int(-1) });
  const valid = g.op('Cast', [keyMask], { to: attr.int(9) });
  const p = g.op('Softmax', [g.op('Where', [valid, scaled, g.scalar(-1e30)])], { axis: attr.int(-1) });
  return g.op('Mul', [p, keyMask]);
}

interface Projection {
  prefix: string;
  kernel: tf.Variable;
  bias: tf.Variable | null;
}

export interface AttentionOptions {
  numHeads: number;
  useBias: boolean;
  weightsInitializer: string | null;
  biasInitializer: string | null;
}

/**
 * Multi-head self-attention (Vaswani et al., 2017) as Ludwig's MultiHeadSelfAttention: query,
 * key and value projections of the input to hidden_size, split into heads, scaled dot-product
 * attention over the keys a mask keeps, heads joined and projected. Projections are one dense
 * product each over all [batch·seq] positions (the SIMD product); the per-head score and value
 * products are batched matmuls over batch·heads.
 */
export class MultiHeadSelfAttention {
  readonly headSize: number;
  private readonly query: Projection;
  private readonly key: Projection;
  private readonly value: Projection;
  private readonly combine: Projection;

  constructor(
    params: ParameterStore,
    readonly name: string,
    inputSize: number,
    readonly hiddenSize: number,
    rng: SeededRandom,
    private readonly options: AttentionOptions,
  ) {
    if (hiddenSize % options.numHeads !== 0) {
      throw new Error(`${name}: hidden_size (${hiddenSize}) must be divisible by num_heads (${options.numHeads})`);
    }
    this.headSize = hiddenSize / options.numHeads;
    const projection = (part: string, from: number): Projection => {
      const prefix = `${name}.${part}`;
      return {
        prefix,
        kernel: params.create(`${prefix}.kernel`, [from, hiddenSize], initialize(options.weightsInitializer, [from, hiddenSize], rng)),
        bias: options.useBias ? params.create(`${prefix}.bias`, [hiddenSize], initialize(options.biasInitializer, [hiddenSize], rng)) : null,
      };
    };
    this.query = projection('query', inputSize);
    this.key = projection('key', inputSize);
    this.value = projection('value', inputSize);
    this.combine = projection('combine_heads', hiddenSize);
  }

  /** x [batch·seq, input] (rows grouped by batch item) and mask [batch, seq] or null → [batch·seq, hidden]. */
  forward(x: tf.Tensor2D, batch: number, seq: number, mask: tf.Tensor2D | null): tf.Tensor2D {
    const heads = this.options.numHeads;
    const split = (p: Projection) => {
      const projected = denseForward(x, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D | null, 'linear');
      return tf.reshape(tf.transpose(tf.reshape(projected, [batch, seq, heads, this.headSize]), [0, 2, 1, 3]), [batch * heads, seq, this.headSize]) as tf.Tensor3D;
    };
    const q = split(this.query);
    const k = split(this.key);
    const v = split(this.value);
    const scores = tf.reshape(tf.matMul(q, k, false, true), [batch, heads * seq, seq]);
    const p = tf.reshape(maskedSoftmax(scores, mask, 1 / Math.sqrt(this.headSize)), [batch * heads, seq, seq]) as tf.Tensor3D;
    const attended = tf.matMul(p, v);
    const joined = tf.reshape(tf.transpose(tf.reshape(attended, [batch, heads, seq, this.headSize]), [0, 2, 1, 3]), [batch * seq, this.hiddenSize]) as tf.Tensor2D;
    return denseForward(joined, this.combine.kernel as tf.Tensor2D, this.combine.bias as tf.Tensor1D | null, 'linear');
  }

  /** x [batch, seq, input] and a float key mask [batch, seq] (or null) → [batch, seq, hidden], as ONNX nodes. */
  exportOnnx(g: OnnxGraph, x: string, seq: number, keyMask: string | null): string {
    const heads = this.options.numHeads;
    const split = (p: Projection, perm: number[]) => {
      const projected = exportDense3d(g, x, p);
      const shaped = g.op('Reshape', [projected, g.constant([0, seq, heads, this.headSize], [4], 'int64', 'shape')]);
      return g.op('Transpose', [shaped], { perm: attr.ints(perm) });
    };
    const q = split(this.query, [0, 2, 1, 3]);
    // Keys transposed once here, so the scores are a plain MatMul: [batch, heads, head, seq].
    const kT = split(this.key, [0, 2, 3, 1]);
    const v = split(this.value, [0, 2, 1, 3]);
    const scores = g.op('MatMul', [q, kT]);
    const mask4 = keyMask === null ? null : g.op('Unsqueeze', [keyMask, g.constant([1, 2], [2], 'int64', 'axes')]);
    const p = exportMaskedSoftmax(g, scores, mask4, 1 / Math.sqrt(this.headSize));
    const attended = g.op('Transpose', [g.op('MatMul', [p, v])], { perm: attr.ints([0, 2, 1, 3]) });
    const joined = g.op('Reshape', [attended, g.constant([0, seq, this.hiddenSize], [3], 'int64', 'shape')]);
    return exportDense3d(g, joined, this.combine);
  }
}

/** x [batch, seq, in] · W [in, out] + b as ONNX (Gemm is 2-D only). */
export function exportDense3d(g: OnnxGraph, x: string, p: { prefix: string; bias: unknown }): string {
  const product = g.op('MatMul', [x, g.param(`${p.prefix}.kernel`)]);
  return p.bias ? g.op('Add', [product, g.param(`${p.prefix}.bias`)]) : product;
}
