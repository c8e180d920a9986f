import * as tf from '@tensorflow/tfjs-core';
import type { SequenceReduction } from '@overture/config';

/** The reductions without parameters (attention has its own, in attention-reducer.ts). */
export type PlainReduction = Exclude<SequenceReduction, 'attention'>;
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import { exportPoolOverTime, poolOverTime } from './sequence-pooling.js';

/**
 * Ludwig's SequenceReducer over x [batch, seq, size]: `last` is the last step the mask counts
 * (Ludwig's ReduceLast takes the last non-zero step: the last token of a padded text), `sum`,
 * `mean`/`avg` and `max` run over the counted steps, `concat` lays every step side by side. No
 * mask: every step counts. Each is one pooling kernel each way (`last` sums under a one-hot mask).
 */
export function reduceSequence(x: tf.Tensor3D, mask: tf.Tensor2D | null, mode: PlainReduction): tf.Tensor2D {
  const [batch, seq, size] = x.shape;
  switch (mode) {
    case 'concat':
      return tf.reshape(x, [batch, seq * size]);
    case 'last':
      return poolOverTime(x, lastStepMask(mask, batch, seq), 'sum');
    case 'sum':
    case 'max':
      return poolOverTime(x, mask, mode);
    case 'mean':
    case 'avg':
      return poolOverTime(x, mask, 'mean');
  }
}

/** [batch, seq] with 1 at each row's last counted step (none for a row with no step). */
function lastStepMask(mask: tf.Tensor2D | null, batch: number, seq: number): tf.Tensor2D {
  if (mask === null) return tf.tidy(() => tf.tensor2d(Float32Array.from({ length: batch * seq }, (_, i) => (i % seq === seq - 1 ? 1 : 0)), [batch, seq]));
  return tf.tidy(() => {
    const last = tf.sub(tf.sum(tf.cast(tf.notEqual(mask, 0), 'int32'), 1, true), 1);
    return tf.cast(tf.equal(tf.range(0, seq, 1, 'int32'), last), 'float32') as tf.Tensor2D;
  });
}

/** Width of the reduction of [batch, seq, size]. */
export function reducedSize(mode: PlainReduction, seq: number, size: number): number {
  return mode === 'concat' ? seq * size : size;
}

/** The reduction as ONNX nodes; `mask` is a float [batch, seq] tensor name or null. */
export function exportReduceSequence(g: OnnxGraph, x: string, mask: string | null, seq: number, mode: PlainReduction): string {
  switch (mode) {
    case 'concat':
      return g.op('Reshape', [x, g.constant([0, -1], [2], 'int64', 'shape')]);
    case 'last': {
      const positions = g.constant(Array.from({ length: seq }, (_, t) => t), [1, seq], 'float32', 'positions');
      const counts = mask === null
        ? g.scalar(seq)
        : g.op('ReduceSum', [g.op('Cast', [g.op('Not', [g.op('Equal', [mask, g.scalar(0)])])], { to: attr.int(1) }), g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(1) });
      const last = g.op('Cast', [g.op('Equal', [positions, g.op('Sub', [counts, g.scalar(1)])])], { to: attr.int(1) });
      return exportPoolOverTime(g, x, last, 'sum');
    }
    case 'sum':
    case 'max':
      return exportPoolOverTime(g, x, mask, mode);
    case 'mean':
    case 'avg':
      return exportPoolOverTime(g, x, mask, 'mean');
  }
}
