import { OvertureError } from '@overture/config';
import { estimateGraph } from './cost.js';
import { OnnxReadError, readOnnxModel, type OnnxGraphInfo, type OnnxTensorInfo } from './read-model.js';

/** What a served ONNX graph may hold. Every limit is far above what the trainer's exporter writes. */
export interface OnnxLimits {
  /** Nodes in all graphs together. */
  maxNodes: number;
  /** Nesting of subgraphs (If branches); the main graph is depth 0. */
  maxDepth: number;
  /** Tensors and declared values (value_info) in all graphs together. */
  maxTensors: number;
  /** Elements of one tensor (initializer, Constant value, sparse part, or a node's output as far as shapes are known). */
  maxTensorElements: number;
  /** Elements of all tensors together. */
  maxTotalElements: number;
  /** Estimated multiply-adds per row (see cost.ts). */
  maxRowCost: number;
}

export const DEFAULT_ONNX_LIMITS: OnnxLimits = {
  maxNodes: 20_000,
  maxDepth: 3,
  maxTensors: 100_000,
  maxTensorElements: 100_000_000,
  maxTotalElements: 250_000_000,
  // A wide trainer model (three 4096-wide fully connected layers) costs ~50 M; 1,500 chained 1200×1200 MatMuls cost 2.2 G.
  maxRowCost: 1_000_000_000,
};

/** The operator domains onnxruntime implements itself; the trainer's exporter writes only the default one. */
const STANDARD_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml']);

/**
 * Ops that repeat a body a number of times known only at run time (or at all): their cost cannot
 * be bounded before running, and the exporter never writes them.
 */
const UNBOUNDED_OPS = new Set(['Loop', 'Scan', 'SequenceMap']);

/**
 * Ops whose output size is read from a tensor's values (a shape, repeats, a range, pads, a depth,
 * scales) rather than from input shapes: a few bytes can ask onnxruntime for gigabytes, already
 * while it creates the session (constant folding). The exporter writes none of them.
 */
const DATA_SIZED_OPS = new Set([
  'ConstantOfShape', 'Expand', 'Tile', 'Range', 'Pad', 'Resize', 'Upsample', 'OneHot', 'EyeLike', 'MaxUnpool', 'Col2Im',
  'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli',
  'SequenceConstruct', 'SequenceInsert', 'SplitToSequence', 'ConcatFromSequence',
]);

const refuse = (file: string, reason: string) =>
  new OvertureError('invalid_input', `${file} was refused: ${reason}.`);

/**
 * Checks an ONNX model before any onnxruntime session sees it: it must be a well-formed ModelProto
 * whose tensors all hold their data inline (external data would make onnxruntime open files
 * relative to the working directory), whose nodes use only standard operator domains (no custom
 * ops, no model-local functions, no training graphs), and which stays under `limits`. Throws an
 * OvertureError naming the tensor or node; `file` names the model in messages.
 */
export function checkOnnxModel(bytes: Uint8Array, file = 'model.onnx', overrides: Partial<OnnxLimits> = {}): void {
  const limits = { ...DEFAULT_ONNX_LIMITS, ...overrides };
  let model;
  try {
    model = readOnnxModel(bytes, limits);
  } catch (error) {
    if (error instanceof OnnxReadError) throw refuse(file, error.kind === 'malformed' ? `${error.message}; the file may be damaged — export it again` : `${error.message} (the limit is for graphs this platform serves)`);
    throw error;
  }
  for (const domain of model.opsetDomains) {
    if (!STANDARD_DOMAINS.has(domain)) throw refuse(file, `it imports the operator set '${domain}'; only the standard ONNX operators are served`);
  }
  if (model.functions.length > 0) throw refuse(file, `it defines its own functions (${model.functions.slice(0, 3).map((f) => `'${f}'`).join(', ')}); only the standard ONNX operators are served`);
  if (model.trainingInfo > 0) throw refuse(file, 'it holds training graphs; export an inference graph');
  const totals = { elements: 0 };
  checkGraph(model.graph, file, limits, totals, 'the graph');
  const { cost, largest } = estimateGraph(model.graph);
  if (cost > limits.maxRowCost) {
    throw refuse(file, `its matrix products cost about ${formatCount(cost)} multiply-adds per row, more than the ${formatCount(limits.maxRowCost)} this platform serves`);
  }
  if (largest && largest.elements > limits.maxTensorElements) {
    const { node } = largest;
    throw refuse(file, `node '${node.name || node.outputs[0] || node.opType}' (${node.opType}) makes a tensor of ${formatCount(largest.elements)} elements per row, more than the ${formatCount(limits.maxTensorElements)} this platform serves`);
  }
}

function checkGraph(graph: OnnxGraphInfo, file: string, limits: OnnxLimits, totals: { elements: number }, where: string): void {
  for (const t of graph.initializers) checkTensor(t, `initializer '${t.name}'`, file, limits, totals, where);
  for (const t of graph.sparseInitializers) checkTensor(t, `sparse initializer '${t.name}'`, file, limits, totals, where);
  for (const node of graph.nodes) {
    const label = `node '${node.name || node.outputs[0] || node.opType}' (${node.opType})`;
    for (const a of node.attributes) {
      for (const t of a.tensors) checkTensor(t, `the tensor in attribute '${a.name}' of ${label}`, file, limits, totals, where);
      for (const g of a.graphs) checkGraph(g, file, limits, totals, `the subgraph '${g.name || a.name}' of ${label}`);
    }
    if (!STANDARD_DOMAINS.has(node.domain)) throw refuse(file, `${label} in ${where} uses the custom operator domain '${node.domain}'; only the standard ONNX operators are served`);
    if (UNBOUNDED_OPS.has(node.opType)) throw refuse(file, `${label} in ${where} repeats its body a number of times known only when it runs; loops are not served`);
    if (DATA_SIZED_OPS.has(node.opType) && (node.domain === '' || node.domain === 'ai.onnx')) {
      throw refuse(file, `${label} in ${where} makes a tensor whose size is read from data, which can exhaust memory; such ops are not served`);
    }
  }
}

function checkTensor(t: OnnxTensorInfo, label: string, file: string, limits: OnnxLimits, totals: { elements: number }, where: string): void {
  if (t.external) {
    const location = t.externalLocation === null ? '' : ` ('${t.externalLocation}')`;
    throw refuse(file, `${label} in ${where} keeps its data in an external file${location}; a served model must hold all its weights inside the .onnx file`);
  }
  if (t.dims.some((d) => d < 0)) throw refuse(file, `${label} in ${where} has a negative dimension`);
  const elements = t.dims.reduce((p, d) => p * d, 1);
  if (elements > limits.maxTensorElements) {
    throw refuse(file, `${label} in ${where} has ${formatCount(elements)} elements (dims ${t.dims.join('×')}), more than the ${formatCount(limits.maxTensorElements)} this platform serves`);
  }
  totals.elements += elements;
  if (totals.elements > limits.maxTotalElements) throw refuse(file, `its tensors hold more than ${formatCount(limits.maxTotalElements)} elements together`);
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${Number((n / 1e9).toPrecision(3))} billion`;
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))} million`;
  return String(Math.round(n));
}
