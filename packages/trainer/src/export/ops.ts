import { attr, type OnnxGraph } from './onnx-graph.js';

/** Small compositions of ONNX ops that several layers share. */

/** x·W (+ b): Gemm when there is a bias, else MatMul. */
export function emitDense(g: OnnxGraph, x: string, kernel: string, bias: string | null): string {
  return bias === null ? g.op('MatMul', [x, kernel]) : g.op('Gemm', [x, kernel, bias]);
}

export function emitConcat(g: OnnxGraph, parts: string[]): string {
  return parts.length === 1 ? parts[0] : g.op('Concat', parts, { axis: attr.int(1) });
}

/** Columns [start, end) of a [batch, width] tensor. */
export function emitColumns(g: OnnxGraph, x: string, start: number, end: number): string {
  const starts = g.constant([start], [1], 'int64', 'starts');
  const ends = g.constant([end], [1], 'int64', 'ends');
  const axes = g.constant([1], [1], 'int64', 'axes');
  return g.op('Slice', [x, starts, ends, axes]);
}

export function emitCastFloat(g: OnnxGraph, x: string): string {
  return g.op('Cast', [x], { to: attr.int(1) });
}

/** Row lookup table[ids] for integer ids of shape [batch, 1]: [batch, embedding]. */
export function emitLookup(g: OnnxGraph, table: string, ids: string): string {
  const flat = g.op('Reshape', [ids, g.constant([-1], [1], 'int64', 'shape')]);
  return g.op('Gather', [table, flat], { axis: attr.int(0) });
}

/** Clip to [min, max] (bounds as scalar inputs, ONNX opset ≥ 11). */
export function emitClip(g: OnnxGraph, x: string, min: number, max: number): string {
  return g.op('Clip', [x, g.scalar(min), g.scalar(max)]);
}

export function emitSoftmax(g: OnnxGraph, x: string): string {
  return g.op('Softmax', [x], { axis: attr.int(-1) });
}
