import type { OnnxGraphInfo, OnnxNodeInfo } from './read-model.js';

/**
 * An estimate of the multiply-adds one row costs, summed over MatMul, Gemm and Conv nodes (the
 * ops whose work grows with the product of their operands' dims). Shapes come from initializers,
 * Constant nodes and declared shapes, and are carried through the shape-preserving ops the
 * exporter writes; an unknown dim counts as 1, as a batch dim does, so the figure is per row.
 * It is a budget, not a profile: a graph whose cost is hidden by ops we do not follow is still
 * bounded by the load timeout.
 */
export function estimateRowCost(graph: OnnxGraphInfo): number {
  return estimateGraph(graph).cost;
}

export interface GraphEstimate {
  /** Multiply-adds per row. */
  cost: number;
  /** The node whose output, as far as shapes are known, has the most elements per row. */
  largest: { node: OnnxNodeInfo; elements: number } | null;
}

/** The per-row cost and the largest intermediate tensor of `graph` and its subgraphs. */
export function estimateGraph(graph: OnnxGraphInfo, outer: ReadonlyMap<string, number[]> = new Map()): GraphEstimate {
  const shapes = new Map(outer);
  for (const [name, dims] of graph.shapes) shapes.set(name, dims);
  for (const t of graph.initializers) shapes.set(t.name, t.dims);
  const estimate: GraphEstimate = { cost: 0, largest: null };
  const consider = (node: OnnxNodeInfo, elements: number) => {
    if (elements > (estimate.largest?.elements ?? 0)) estimate.largest = { node, elements };
  };
  for (const node of graph.nodes) {
    estimate.cost += nodeCost(node, shapes);
    const output = node.outputs[0] ? shapes.get(node.outputs[0]) : undefined;
    if (output) consider(node, product(output));
    for (const a of node.attributes) {
      for (const g of a.graphs) {
        const inner = estimateGraph(g, shapes);
        estimate.cost += inner.cost;
        if (inner.largest) consider(inner.largest.node, inner.largest.elements);
      }
    }
  }
  return estimate;
}

/** Ops whose output has the (broadcast) shape of their inputs. */
const elementwise = new Set([
  'Identity', 'Cast', 'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Sigmoid', 'Tanh', 'Softplus', 'Softmax', 'LogSoftmax', 'Neg', 'Abs',
  'Exp', 'Log', 'Sqrt', 'Sin', 'Cos', 'Clip', 'Dropout', 'LayerNormalization', 'BatchNormalization', 'Erf', 'Gelu',
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Min', 'Max', 'Equal', 'Where',
]);

const dim = (d: number | undefined) => (d === undefined || d < 1 ? 1 : d);
const product = (dims: readonly number[]) => dims.reduce((p, d) => p * dim(d), 1);

function broadcast(shapes: (number[] | undefined)[]): number[] | undefined {
  const known = shapes.filter((s): s is number[] => s !== undefined);
  if (known.length === 0) return undefined;
  const rank = Math.max(...known.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => Math.max(...known.map((s) => dim(s[s.length - rank + i]))));
}

function nodeCost(node: OnnxNodeInfo, shapes: Map<string, number[]>): number {
  const input = (i: number) => (node.inputs[i] ? shapes.get(node.inputs[i]) : undefined);
  const ints = (name: string) => node.attributes.find((a) => a.name === name)?.ints ?? [];
  const setOutput = (dims: number[] | undefined) => {
    if (dims && node.outputs[0]) shapes.set(node.outputs[0], dims);
  };
  if (node.domain !== '' && node.domain !== 'ai.onnx') return 0;
  switch (node.opType) {
    case 'Constant': {
      const value = node.attributes.find((a) => a.name === 'value')?.tensors[0];
      setOutput(value?.dims);
      return 0;
    }
    case 'MatMul': {
      const a = input(0) ?? [1, dim(input(1)?.at(-2))];
      const b = input(1) ?? [dim(a.at(-1)), 1];
      const m = a.length >= 2 ? dim(a.at(-2)) : 1;
      const k = dim(a.at(-1));
      const n = b.length >= 2 ? dim(b.at(-1)) : 1;
      const batch = broadcast([a.slice(0, -2), b.slice(0, -2)]) ?? [];
      setOutput([...batch, m, n]);
      return product(batch) * m * k * n;
    }
    case 'Gemm': {
      const transA = ints('transA')[0] === 1;
      const transB = ints('transB')[0] === 1;
      const b = input(1) ?? [1, 1];
      const a = input(0) ?? (transA ? [dim(b[transB ? 1 : 0]), 1] : [1, dim(b[transB ? 1 : 0])]);
      const [m, k] = transA ? [dim(a[1]), dim(a[0])] : [dim(a[0]), dim(a[1])];
      const n = transB ? dim(b[0]) : dim(b[1]);
      setOutput([m, n]);
      return m * k * n;
    }
    case 'Conv':
    case 'ConvTranspose': {
      const w = input(1);
      if (!w) return 0;
      const x = input(0);
      const strides = ints('strides');
      const spatial = (x ?? []).slice(2).map((d, i) => {
        const s = Math.max(1, strides[i] ?? 1);
        return node.opType === 'Conv' ? Math.ceil(dim(d) / s) : dim(d) * s;
      });
      const batch = dim(x?.[0]);
      setOutput([batch, dim(w[node.opType === 'Conv' ? 0 : 1]), ...spatial]);
      return batch * product(spatial) * product(w);
    }
    case 'Concat': {
      const parts = node.inputs.map((n) => shapes.get(n));
      if (parts.some((p) => p === undefined) || parts.length === 0) return 0;
      const rank = parts[0]!.length;
      const axis = ((ints('axis')[0] ?? 0) + rank) % Math.max(rank, 1);
      setOutput(parts[0]!.map((d, i) => (i === axis ? parts.reduce((sum, p) => sum + dim(p![i]), 0) : dim(d))));
      return 0;
    }
    default:
      if (elementwise.has(node.opType)) setOutput(broadcast(node.inputs.map((n) => shapes.get(n))));
      return 0;
  }
}
