/**
 * Hand-encoded ONNX protobuf for tests: small models (valid or hostile) built field by field, so a
 * test can write what no exporter would (external data, custom domains, local functions, huge dims).
 * Field numbers are those of onnx/onnx.proto3.
 */

function varint(n: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

type Part = Uint8Array;
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, n: number | bigint): Part => Uint8Array.from([...key(field, 0), ...varint(n)]);
const bytes = (field: number, body: Uint8Array): Part => Buffer.concat([Uint8Array.from([...key(field, 2), ...varint(body.length)]), body]);
const str = (field: number, s: string) => bytes(field, Buffer.from(s, 'utf8'));
const u8 = (parts: Part[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

export const FLOAT = 1;
export const INT64 = 7;

export interface TensorSpec {
  name: string;
  dims: number[];
  dataType?: number;
  /** Little-endian raw bytes; default zeros for the dims (float32). */
  raw?: Uint8Array;
  /** external_data entries (location, offset, length…) and data_location = EXTERNAL. */
  external?: Record<string, string>;
}

export function tensor(t: TensorSpec): Uint8Array {
  const dataType = t.dataType ?? FLOAT;
  const parts = [...t.dims.map((d) => int(1, d)), int(2, dataType), str(8, t.name)];
  if (t.external) {
    for (const [k, v] of Object.entries(t.external)) parts.push(bytes(13, u8([str(1, k), str(2, v)])));
    parts.push(int(14, 1));
  } else {
    const size = t.dims.reduce((p, d) => p * d, 1) * (dataType === INT64 ? 8 : 4);
    parts.push(bytes(9, t.raw ?? new Uint8Array(size)));
  }
  return u8(parts);
}

export type AttributeSpec =
  | { name: string; int: number }
  | { name: string; ints: number[] }
  | { name: string; tensor: TensorSpec }
  | { name: string; graph: GraphSpec }
  | { name: string; graphs: GraphSpec[] };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: AttributeSpec[];
}

function attribute(a: AttributeSpec): Uint8Array {
  const parts = [str(1, a.name)];
  if ('int' in a) parts.push(int(3, a.int), int(20, 2));
  else if ('ints' in a) parts.push(...a.ints.map((i) => int(8, i)), int(20, 7));
  else if ('tensor' in a) parts.push(bytes(5, tensor(a.tensor)), int(20, 4));
  else if ('graph' in a) parts.push(bytes(6, graph(a.graph)), int(20, 5));
  else parts.push(...a.graphs.map((g) => bytes(11, graph(g))), int(20, 10));
  return u8(parts);
}

export function node(n: NodeSpec): Uint8Array {
  return u8([
    ...n.inputs.map((i) => str(1, i)), ...n.outputs.map((o) => str(2, o)), str(3, n.name ?? n.outputs[0] ?? n.op), str(4, n.op),
    ...(n.attributes ?? []).map((a) => bytes(5, attribute(a))), ...(n.domain !== undefined ? [str(7, n.domain)] : []),
  ]);
}

export interface ValueSpec {
  name: string;
  /** Dims; a string is a symbolic dim (e.g. 'batch'). */
  dims: (number | string)[];
  elemType?: number;
}

function valueInfo(v: ValueSpec): Uint8Array {
  const dims = v.dims.map((d) => bytes(1, u8([typeof d === 'string' ? str(2, d) : int(1, d)])));
  const tensorType = u8([int(1, v.elemType ?? FLOAT), bytes(2, u8(dims))]);
  return u8([str(1, v.name), bytes(2, u8([bytes(1, tensorType)]))]);
}

export interface GraphSpec {
  name?: string;
  nodes: NodeSpec[];
  initializers?: TensorSpec[];
  /** Sparse initializers: values and indices tensors. */
  sparse?: { values: TensorSpec; indices: TensorSpec; dims: number[] }[];
  inputs?: ValueSpec[];
  outputs?: ValueSpec[];
}

export function graph(g: GraphSpec): Uint8Array {
  return u8([
    ...g.nodes.map((n) => bytes(1, node(n))), str(2, g.name ?? 'g'),
    ...(g.initializers ?? []).map((t) => bytes(5, tensor(t))),
    ...(g.inputs ?? []).map((v) => bytes(11, valueInfo(v))),
    ...(g.outputs ?? []).map((v) => bytes(12, valueInfo(v))),
    ...(g.sparse ?? []).map((s) => bytes(15, u8([bytes(1, tensor(s.values)), bytes(2, tensor(s.indices)), ...s.dims.map((d) => int(3, d))]))),
  ]);
}

export interface ModelSpec {
  graph: GraphSpec;
  opsets?: { domain: string; version: number }[];
  /** Names of model-local functions (FunctionProto with just a name and domain). */
  functions?: { name: string; domain: string }[];
}

export function model(m: ModelSpec): Uint8Array {
  const opsets = m.opsets ?? [{ domain: '', version: 17 }];
  return u8([
    int(1, 8), str(2, 'test'),
    ...opsets.map((o) => bytes(8, u8([str(1, o.domain), int(2, o.version)]))),
    bytes(7, graph(m.graph)),
    ...(m.functions ?? []).map((f) => bytes(25, u8([str(1, f.name), str(10, f.domain)]))),
  ]);
}

/** y = x·W, chained `count` times with one shared W of size×size (the compute bomb at 1,500 × 1200). */
export function matMulChain(count: number, size: number): Uint8Array {
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < count; i++) nodes.push({ op: 'MatMul', inputs: [i === 0 ? 'x' : `h${i}`, 'W'], outputs: [i === count - 1 ? 'y' : `h${i + 1}`] });
  return model({
    graph: {
      nodes, initializers: [{ name: 'W', dims: [size, size] }],
      inputs: [{ name: 'x', dims: ['batch', size] }], outputs: [{ name: 'y', dims: ['batch', size] }],
    },
  });
}

/**
 * Nodes added to an exported graph: protobuf merges a message field written twice, so appending
 * a ModelProto holding only `extra` to a model's bytes adds its nodes, initializers and outputs.
 */
export function withExtraGraph(onnx: Uint8Array, extra: GraphSpec): Uint8Array {
  return new Uint8Array(Buffer.concat([onnx, model({ graph: extra })]));
}

/** `count` chained Adds of a 16×16 constant: allowed by the limits, yet onnxruntime takes seconds to create its session. */
export function slowToLoad(count: number): GraphSpec {
  const nodes: NodeSpec[] = Array.from({ length: count }, (_, i) => ({ op: 'Add', inputs: [i === 0 ? 'slow_x' : `slow_${i}`, 'slow_w'], outputs: [i === count - 1 ? 'slow' : `slow_${i + 1}`] }));
  return { nodes, initializers: [{ name: 'slow_w', dims: [16, 16] }, { name: 'slow_x', dims: [1, 16] }], outputs: [{ name: 'slow', dims: [1, 16] }] };
}
