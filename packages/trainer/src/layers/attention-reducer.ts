import * as tf from '@tensorflow/tfjs-core';
import type { SequenceReduction } from '@overture/config';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { exportDense3d, exportMaskedSoftmax, maskedSoftmax } from './attention.js';
import { denseForward } from './dense.js';
import { initialize } from './initializers.js';
import { exportReduceSequence, reducedSize, reduceSequence } from './reduce-sequence.js';

/** Reduces x [batch, seq, size] (with an optional [batch, seq] step mask) to [batch, outputSize]. */
export interface SequenceReducer {
  readonly outputSize: number;
  forward(x: tf.Tensor3D, mask: tf.Tensor2D | null): tf.Tensor2D;
  exportOnnx(g: OnnxGraph, x: string, mask: string | null): string;
}

/** Ludwig's FeedForwardAttentionReducer width (`hidden_size=256`, tanh). */
const ATTENTION_HIDDEN = 256;

/**
 * Ludwig's `attention` reduction (FeedForwardAttentionReducer): a score per step from
 * w₂·tanh(W₁·x + b₁), softmax over the steps (padding excluded here, where Ludwig counts it), and
 * the score-weighted sum of the steps. The softmax is the masked softmax kernel of self-attention.
 */
class AttentionReducer implements SequenceReducer {
  private readonly fc1: { prefix: string; kernel: tf.Variable; bias: tf.Variable };
  private readonly fc2: { prefix: string; kernel: tf.Variable; bias: null };

  constructor(params: ParameterStore, name: string, readonly seq: number, readonly outputSize: number, rng: SeededRandom) {
    const p1 = `${name}.fc_layer1`;
    const p2 = `${name}.fc_layer2`;
    this.fc1 = {
      prefix: p1,
      kernel: params.create(`${p1}.kernel`, [outputSize, ATTENTION_HIDDEN], initialize('xavier_uniform', [outputSize, ATTENTION_HIDDEN], rng)),
      bias: params.create(`${p1}.bias`, [ATTENTION_HIDDEN], new Float32Array(ATTENTION_HIDDEN)),
    };
    this.fc2 = { prefix: p2, kernel: params.create(`${p2}.kernel`, [ATTENTION_HIDDEN, 1], initialize('xavier_uniform', [ATTENTION_HIDDEN, 1], rng)), bias: null };
  }

  forward(x: tf.Tensor3D, mask: tf.Tensor2D | null): tf.Tensor2D {
    const [batch, seq, size] = x.shape;
    const hidden = tf.tanh(denseForward(tf.reshape(x, [batch * seq, size]), this.fc1.kernel as tf.Tensor2D, this.fc1.bias as tf.Tensor1D, 'linear'));
    const scores = tf.reshape(denseForward(hidden as tf.Tensor2D, this.fc2.kernel as tf.Tensor2D, null, 'linear'), [batch, 1, seq]);
    const weights = maskedSoftmax(scores, mask, 1) as tf.Tensor3D;
    return tf.reshape(tf.matMul(weights, x), [batch, size]);
  }

  exportOnnx(g: OnnxGraph, x: string, mask: string | null): string {
    const hidden = g.op('Tanh', [exportDense3d(g, x, this.fc1)]);
    const scores = g.op('Reshape', [exportDense3d(g, hidden, this.fc2), g.constant([0, 1, this.seq], [3], 'int64', 'shape')]);
    const mask3 = mask === null ? null : g.op('Unsqueeze', [mask, g.constant([1], [1], 'int64', 'axes')]);
    const weights = exportMaskedSoftmax(g, scores, mask3, 1);
    return g.op('Reshape', [g.op('MatMul', [weights, x]), g.constant([0, this.outputSize], [2], 'int64', 'shape')]);
  }
}

/** The reducer of `mode` over [batch, seq, size] sequences; `attention` owns parameters under `name`. */
export function createSequenceReducer(params: ParameterStore, name: string, mode: SequenceReduction, seq: number, size: number, rng: SeededRandom): SequenceReducer {
  if (mode === 'attention') return new AttentionReducer(params, name, seq, size, rng);
  return {
    outputSize: reducedSize(mode, seq, size),
    forward: (x, mask) => reduceSequence(x, mask, mode),
    exportOnnx: (g, x, mask) => exportReduceSequence(g, x, mask, seq, mode),
  };
}
