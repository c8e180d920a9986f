import * as tf from '@tensorflow/tfjs-core';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import { emitDense } from '../../export/ops.js';
import { denseForward } from '../../layers/dense.js';
import { initialize } from '../../layers/initializers.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { SeededRandom } from '../../util/random.js';

/** Ludwig's FeedForwardAttentionReducer: a 256-wide tanh layer scores each step. */
const HIDDEN = 256;

/**
 * reduce_output: attention (Ludwig's FeedForwardAttentionReducer): score each step with
 * tanh(x·W1 + b1)·w2, softmax the scores over the real steps (Ludwig takes every step; the padding
 * steps are left out here, as everywhere in these encoders), and sum the steps weighted by them.
 */
export class AttentionReduction {
  private readonly w1: tf.Variable;
  private readonly b1: tf.Variable;
  private readonly w2: tf.Variable;

  constructor(params: ParameterStore, private readonly name: string, private readonly size: number, rng: SeededRandom) {
    this.w1 = params.create(`${name}.attention.fc_1.kernel`, [size, HIDDEN], initialize('xavier_uniform', [size, HIDDEN], rng));
    this.b1 = params.create(`${name}.attention.fc_1.bias`, [HIDDEN], new Float32Array(HIDDEN));
    this.w2 = params.create(`${name}.attention.fc_2.kernel`, [HIDDEN, 1], initialize('xavier_uniform', [HIDDEN, 1], rng));
  }

  /** y [batch, seq, size], mask [batch, seq] (1 = real step) → [batch, size]. */
  apply(y: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
    const [batch, seq] = y.shape;
    const rows = tf.reshape(y, [batch * seq, this.size]) as tf.Tensor2D;
    const hidden = tf.tanh(denseForward(rows, this.w1 as tf.Tensor2D, this.b1 as tf.Tensor1D, 'linear')) as tf.Tensor2D;
    const scores = tf.reshape(denseForward(hidden, this.w2 as tf.Tensor2D, null, 'linear'), [batch, seq]);
    const penalty = tf.mul(tf.sub(tf.cast(mask, 'float32'), 1), 1e9);
    const weights = tf.softmax(tf.add(scores, penalty), 1);
    return tf.sum(tf.mul(y, tf.expandDims(weights, 2)), 1) as tf.Tensor2D;
  }

  /** The same as ONNX nodes; `mask` is float32 [batch, seq]. */
  exportOnnx(g: OnnxGraph, y: string, mask: string, seq: number): string {
    const rows = g.op('Reshape', [y, g.constant([-1, this.size], [2], 'int64', 'shape')]);
    const hidden = g.op('Tanh', [emitDense(g, rows, g.param(`${this.name}.attention.fc_1.kernel`), g.param(`${this.name}.attention.fc_1.bias`))]);
    const scores = g.op('Reshape', [emitDense(g, hidden, g.param(`${this.name}.attention.fc_2.kernel`), null), g.constant([-1, seq], [2], 'int64', 'shape')]);
    const penalty = g.op('Mul', [g.op('Sub', [mask, g.scalar(1)]), g.scalar(1e9)]);
    const weights = g.op('Softmax', [g.op('Add', [scores, penalty])], { axis: attr.int(1) });
    const weighted = g.op('Mul', [y, g.op('Unsqueeze', [weights, g.constant([2], [1], 'int64', 'axes')])]);
    return g.op('ReduceSum', [weighted, g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(0) });
  }
}
