import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import { exportPoolOverTime, poolOverTime } from '../../layers/sequence-pooling.js';

/** The reductions Overture implements (Ludwig's `reduce_output` names; `avg` is `mean`). */
export type SequenceReduction = 'sum' | 'mean' | 'avg' | 'max' | 'concat' | 'last';

/** Narrows a resolved `reduce_output`: the schema refuses the others, this guards hand-built configs. */
export function sequenceReduction(value: string | null, feature: string): SequenceReduction {
  if (value === 'sum' || value === 'mean' || value === 'avg' || value === 'max' || value === 'concat' || value === 'last') return value;
  throw new OvertureError('unsupported', `feature '${feature}': reduce_output ${value} is a Ludwig reduction that Overture does not support yet`);
}

/** Width of the reduced vector for a sequence of `length` steps of `channels`. */
export function reducedSize(mode: SequenceReduction, length: number, channels: number): number {
  return mode === 'concat' ? length * channels : channels;
}

/**
 * x [batch, seq, channels] → [batch, width]. sum, mean and max count only the steps the mask
 * keeps (so padding a text longer changes nothing; Ludwig's reducers count padding too); `last`
 * is the last kept step (the stop symbol unless the text was cut); `concat` flattens every step,
 * padding included, as Ludwig does.
 */
export function reduceSequence(x: tf.Tensor3D, mask: tf.Tensor2D, mode: SequenceReduction): tf.Tensor2D {
  const [batch, seq, channels] = x.shape;
  if (mode === 'concat') return tf.reshape(x, [batch, seq * channels]);
  if (mode === 'last') return poolOverTime(tf.mul(x, tf.expandDims(lastStep(mask), 2)) as tf.Tensor3D, null, 'sum');
  return poolOverTime(x, mask, mode === 'avg' ? 'mean' : mode);
}

/** 1 at each row's last kept step (a kept step followed by padding or the end), 0 elsewhere. */
function lastStep(mask: tf.Tensor2D): tf.Tensor2D {
  const [batch, seq] = mask.shape;
  const next = tf.concat([tf.slice(mask, [0, 1], [batch, seq - 1]), tf.zeros([batch, 1])], 1);
  return tf.mul(mask, tf.sub(1, next));
}

export function exportReduceSequence(g: OnnxGraph, x: string, mask: string, mode: SequenceReduction, seq: number, channels: number): string {
  if (mode === 'concat') return g.op('Reshape', [x, g.constant([-1, seq * channels], [2], 'int64', 'shape')]);
  if (mode !== 'last') return exportPoolOverTime(g, x, mask, mode === 'avg' ? 'mean' : mode);
  const axes = g.constant([1], [1], 'int64', 'axes');
  const slice = (from: number, to: number) => g.op('Slice', [mask, g.constant([from], [1], 'int64', 'starts'), g.constant([to], [1], 'int64', 'ends'), axes]);
  const zeros = g.op('Mul', [slice(0, 1), g.scalar(0)]);
  const next = g.op('Concat', [slice(1, seq), zeros], { axis: attr.int(1) });
  const last = g.op('Mul', [mask, g.op('Sub', [g.scalar(1), next])]);
  const weighted = g.op('Mul', [x, g.op('Unsqueeze', [last, g.constant([2], [1], 'int64', 'axes')])]);
  return g.op('ReduceSum', [weighted, g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(0) });
}
