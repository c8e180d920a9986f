import { OvertureError } from '@overture/config';
import * as tf from '@tensorflow/tfjs-core';
import type { RnnReduction } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import { exportPoolOverTime, poolOverTime } from '../../layers/sequence-pooling.js';

/**
 * Which steps of a padded token sequence the recurrent encoders run over, in tfjs and as ONNX.
 *
 * Ludwig runs PyTorch's RNN over the whole padded batch (no packing), so its states go on changing
 * over the padding, while its `last` reducer picks "the last step whose output is not zero", written
 * for packed sequences, whose outputs after the length are zeros. Overture follows the packed
 * semantics throughout: a row's real steps are the ones that are not the padding symbol, they run
 * first (a left-padded batch is shifted to the right first), the padding steps leave the state
 * alone and output zeros, and the reductions count real steps only (`last` is the state at the
 * last real step, `mean` divides by the real steps). ONNX's RNN ops do the same with
 * `sequence_lens`.
 */
export interface TextSteps {
  /** Ids with each row's real steps first. */
  ids: tf.Tensor2D;
  /** Real steps per row. */
  lengths: Int32Array;
}

/** Counts each row's non-padding ids and, for left padding, moves them to the front. */
export function textSteps(ids: tf.Tensor2D, padIdx: number, padding: 'left' | 'right'): TextSteps {
  const [batch, seq] = ids.shape;
  const values = ids.dataSync() as Int32Array;
  const lengths = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    let n = 0;
    for (let t = 0; t < seq; t++) if (values[b * seq + t] !== padIdx) n++;
    lengths[b] = n;
  }
  if (padding === 'right') return { ids, lengths };
  const aligned = new Int32Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    const shift = seq - lengths[b];
    for (let t = 0; t < seq; t++) aligned[b * seq + t] = values[b * seq + ((t + shift) % seq)];
  }
  return { ids: tf.tensor2d(aligned, [batch, seq], 'int32'), lengths };
}

/** [batch, seq] int32: 1 on each row's first `lengths[b]` steps. */
export function prefixMask(lengths: Int32Array, seq: number): tf.Tensor2D {
  const mask = new Int32Array(lengths.length * seq);
  lengths.forEach((n, b) => mask.fill(1, b * seq, b * seq + Math.min(n, seq)));
  return tf.tensor2d(mask, [lengths.length, seq], 'int32');
}

/** [batch, seq]: 1 at each row's last real step only (none for an empty row). */
function lastStepMask(lengths: Int32Array, seq: number): tf.Tensor2D {
  const mask = new Int32Array(lengths.length * seq);
  lengths.forEach((n, b) => { if (n > 0) mask[b * seq + Math.min(n, seq) - 1] = 1; });
  return tf.tensor2d(mask, [lengths.length, seq], 'int32');
}

/** The reductions without parameters (attention has its own layer: attention-reduction.ts). */
export type PoolingReduction = Exclude<RnnReduction, 'attention'>;

/** The states y [batch, seq, H] as one vector per row. */
export function reduceStates(y: tf.Tensor3D, lengths: Int32Array, mode: PoolingReduction): tf.Tensor2D {
  const [batch, seq, hidden] = y.shape;
  switch (mode) {
    case 'last': return poolOverTime(y, lastStepMask(lengths, seq), 'sum');
    case 'concat': return tf.reshape(y, [batch, seq * hidden]);
    case 'avg': return poolOverTime(y, prefixMask(lengths, seq), 'mean');
    default: return poolOverTime(y, prefixMask(lengths, seq), mode);
  }
}

/** Output width of reduceStates. */
export const reducedSize = (mode: RnnReduction, seq: number, hidden: number): number => (mode === 'concat' ? seq * hidden : hidden);

/** textSteps as ONNX nodes: the aligned ids and the lengths as float32 [batch]. */
export function exportTextSteps(g: OnnxGraph, ids: string, padIdx: number, seq: number, padding: 'left' | 'right'): { ids: string; lengths: string } {
  const real = g.op('Cast', [g.op('Not', [g.op('Equal', [ids, g.constant([padIdx], [], 'int32', 'pad')])])], { to: attr.int(1) });
  const lengths = g.op('ReduceSum', [real, g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(0) });
  if (padding === 'right') return { ids, lengths };
  // Row b reads its id (t + seq − length) mod seq: the real ids first, then the padding.
  const shift = g.op('Sub', [g.scalar(seq), lengths]);
  const steps = g.constant(Array.from({ length: seq }, (_, t) => t), [1, seq], 'float32', 'steps');
  const source = g.op('Mod', [g.op('Add', [steps, g.op('Unsqueeze', [shift, g.constant([1], [1], 'int64', 'axes')])]), g.scalar(seq)], { fmod: attr.int(1) });
  const aligned = g.op('GatherElements', [ids, g.op('Cast', [source], { to: attr.int(7) })], { axis: attr.int(1) });
  return { ids: aligned, lengths };
}

/** prefixMask as ONNX: float32 [batch, seq] from float32 lengths [batch]. */
export function exportPrefixMask(g: OnnxGraph, lengths: string, seq: number): string {
  const steps = g.constant(Array.from({ length: seq }, (_, t) => t), [1, seq], 'float32', 'steps');
  const column = g.op('Unsqueeze', [lengths, g.constant([1], [1], 'int64', 'axes')]);
  return g.op('Cast', [g.op('Less', [steps, column])], { to: attr.int(1) });
}

/** The float32 lengths as the int32 sequence_lens of ONNX's RNN ops. */
export const exportSequenceLens = (g: OnnxGraph, lengths: string): string => g.op('Cast', [lengths], { to: attr.int(6) });

/** reduceStates as ONNX nodes. */
export function exportReduceStates(g: OnnxGraph, y: string, lengths: string, seq: number, hidden: number, mode: PoolingReduction): string {
  if (mode === 'concat') return g.op('Reshape', [y, g.constant([-1, seq * hidden], [2], 'int64', 'shape')]);
  if (mode === 'last') {
    const steps = g.constant(Array.from({ length: seq }, (_, t) => t), [1, seq], 'float32', 'steps');
    const lastIndex = g.op('Unsqueeze', [g.op('Sub', [lengths, g.scalar(1)]), g.constant([1], [1], 'int64', 'axes')]);
    const last = g.op('Cast', [g.op('Equal', [steps, lastIndex])], { to: attr.int(1) });
    return exportPoolOverTime(g, y, last, 'sum');
  }
  return exportPoolOverTime(g, y, exportPrefixMask(g, lengths, seq), mode === 'avg' ? 'mean' : mode);
}

/** A recurrent encoder's reduce_output once "keep the steps" (null, none) is handled apart; the schema refuses the rest. */
export function stateReduction(value: string | null, feature: string): PoolingReduction | 'attention' {
  if (value === 'last' || value === 'sum' || value === 'mean' || value === 'avg' || value === 'max' || value === 'concat' || value === 'attention') return value;
  throw new OvertureError('unsupported', `feature '${feature}': reduce_output ${value} of a recurrent encoder is a Ludwig reduction that Overture does not support yet here; use last, sum, mean, max, concat or attention`);
}
