import { readFields, readPackedVarints, readString, WireError, type WireField } from './wire.js';

/**
 * The parts of an ONNX ModelProto (onnx/onnx.proto3) that decide whether serving may load it:
 * domains, functions, nodes with their subgraphs, and every tensor's shape and data location.
 * Weights are never copied: a tensor keeps only its dims and where its data lives.
 */
export interface OnnxTensorInfo {
  name: string;
  dims: number[];
  dataType: number;
  /** data_location = EXTERNAL, or any external_data entry. */
  external: boolean;
  /** The external_data `location` entry, when there is one (for the message). */
  externalLocation: string | null;
}

export interface OnnxAttributeInfo {
  name: string;
  ints: number[];
  tensors: OnnxTensorInfo[];
  graphs: OnnxGraphInfo[];
}

export interface OnnxNodeInfo {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttributeInfo[];
}

export interface OnnxGraphInfo {
  name: string;
  nodes: OnnxNodeInfo[];
  initializers: OnnxTensorInfo[];
  /** Values and indices of each sparse initializer. */
  sparseInitializers: OnnxTensorInfo[];
  /** Declared shapes of inputs, outputs and value_info; a symbolic or missing dim is -1. */
  shapes: Map<string, number[]>;
}

export interface OnnxModelInfo {
  opsetDomains: string[];
  graph: OnnxGraphInfo;
  functions: string[];
  trainingInfo: number;
}

export interface ReadBounds {
  /** Nodes in all graphs together at most (a file of empty nodes must not become millions of objects). */
  maxNodes: number;
  /** Subgraph nesting at most (the main graph is depth 0). */
  maxDepth: number;
  /** Tensors and declared shapes (value infos) in all graphs together at most. */
  maxTensors: number;
}

/** Refused while reading: a damaged file (malformed) or one over a reading bound. */
export class OnnxReadError extends Error {
  constructor(message: string, readonly kind: 'malformed' | 'limit') {
    super(message);
  }
}

const MAX_DIMS = 64;
const MAX_NAMES = 4096;

/** Reads `bytes` as a ModelProto; throws OnnxReadError when it is not one or passes a bound. */
export function readOnnxModel(bytes: Uint8Array, bounds: ReadBounds): OnnxModelInfo {
  const reader = new ModelReader(bounds);
  try {
    return reader.model(bytes);
  } catch (error) {
    if (error instanceof WireError) throw new OnnxReadError(`it is not a valid ONNX file (${error.message})`, 'malformed');
    throw error;
  }
}

const asBytes = (f: WireField): Uint8Array => {
  if (f.wire !== 2) throw new WireError(`field ${f.field} has the wrong wire type`);
  return f.bytes;
};
const asNumber = (f: WireField): number => {
  if (f.wire === 2) throw new WireError(`field ${f.field} has the wrong wire type`);
  return f.value;
};

class ModelReader {
  private nodes = 0;
  private tensors = 0;

  constructor(private readonly bounds: ReadBounds) {}

  model(bytes: Uint8Array): OnnxModelInfo {
    const info: OnnxModelInfo = { opsetDomains: [], graph: emptyGraph(), functions: [], trainingInfo: 0 };
    let hasGraph = false;
    for (const f of readFields(bytes)) {
      if (f.field === 7) {
        // A message field that occurs twice is merged by protobuf parsers (onnxruntime's too):
        // the graph is the union of every occurrence, so each one is read.
        mergeGraph(info.graph, this.graph(asBytes(f), 0));
        hasGraph = true;
      } else if (f.field === 8) info.opsetDomains.push(this.opsetDomain(asBytes(f)));
      else if (f.field === 25) info.functions.push(this.functionName(asBytes(f)));
      else if (f.field === 20) info.trainingInfo++;
    }
    if (!hasGraph) throw new OnnxReadError('it is not an ONNX model (it has no graph)', 'malformed');
    return info;
  }

  private countTensor(): void {
    if (++this.tensors > this.bounds.maxTensors) throw new OnnxReadError(`it has more than ${this.bounds.maxTensors} tensors and declared values`, 'limit');
  }

  private opsetDomain(bytes: Uint8Array): string {
    for (const f of readFields(bytes)) if (f.field === 1) return readString(asBytes(f));
    return '';
  }

  private functionName(bytes: Uint8Array): string {
    let name = '';
    let domain = '';
    for (const f of readFields(bytes)) {
      if (f.field === 1) name = readString(asBytes(f));
      else if (f.field === 10) domain = readString(asBytes(f));
    }
    return domain ? `${domain}.${name}` : name;
  }

  graph(bytes: Uint8Array, depth: number): OnnxGraphInfo {
    if (depth > this.bounds.maxDepth) {
      throw new OnnxReadError(`its subgraphs nest more than ${this.bounds.maxDepth} deep`, 'limit');
    }
    const graph = emptyGraph();
    for (const f of readFields(bytes)) {
      switch (f.field) {
        case 1:
          if (++this.nodes > this.bounds.maxNodes) throw new OnnxReadError(`it has more than ${this.bounds.maxNodes} nodes`, 'limit');
          graph.nodes.push(this.node(asBytes(f), depth));
          break;
        case 2: graph.name = readString(asBytes(f)); break;
        case 5: graph.initializers.push(this.tensor(asBytes(f))); break;
        case 15: for (const t of this.sparseTensor(asBytes(f))) graph.sparseInitializers.push(t); break;
        case 11: case 12: case 13: this.valueInfo(asBytes(f), graph.shapes); break;
      }
    }
    return graph;
  }

  private node(bytes: Uint8Array, depth: number): OnnxNodeInfo {
    const node: OnnxNodeInfo = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [] };
    for (const f of readFields(bytes)) {
      switch (f.field) {
        case 1: node.inputs.push(readString(asBytes(f), MAX_NAMES)); break;
        case 2: node.outputs.push(readString(asBytes(f), MAX_NAMES)); break;
        case 3: node.name = readString(asBytes(f)); break;
        case 4: node.opType = readString(asBytes(f)); break;
        case 7: node.domain = readString(asBytes(f)); break;
        case 5: node.attributes.push(this.attribute(asBytes(f), depth)); break;
      }
    }
    return node;
  }

  private attribute(bytes: Uint8Array, depth: number): OnnxAttributeInfo {
    const attribute: OnnxAttributeInfo = { name: '', ints: [], tensors: [], graphs: [] };
    for (const f of readFields(bytes)) {
      switch (f.field) {
        case 1: attribute.name = readString(asBytes(f)); break;
        case 3: attribute.ints = [asNumber(f)]; break;
        case 8:
          if (f.wire === 2) attribute.ints.push(...readPackedVarints(f.bytes, MAX_NAMES));
          else attribute.ints.push(asNumber(f));
          break;
        case 5: case 10: attribute.tensors.push(this.tensor(asBytes(f))); break;
        case 22: case 23: for (const t of this.sparseTensor(asBytes(f))) attribute.tensors.push(t); break;
        case 6: case 11: attribute.graphs.push(this.graph(asBytes(f), depth + 1)); break;
      }
    }
    return attribute;
  }

  /** TensorProto: dims (1), data_type (2), name (8), external_data (13), data_location (14). */
  tensor(bytes: Uint8Array): OnnxTensorInfo {
    this.countTensor();
    const tensor: OnnxTensorInfo = { name: '', dims: [], dataType: 0, external: false, externalLocation: null };
    for (const f of readFields(bytes)) {
      switch (f.field) {
        case 1:
          if (f.wire === 2) tensor.dims.push(...readPackedVarints(f.bytes, MAX_DIMS));
          else tensor.dims.push(asNumber(f));
          if (tensor.dims.length > MAX_DIMS) throw new OnnxReadError(`a tensor has more than ${MAX_DIMS} dimensions`, 'limit');
          break;
        case 2: tensor.dataType = asNumber(f); break;
        case 8: tensor.name = readString(asBytes(f)); break;
        case 13: {
          tensor.external = true;
          const entry = this.stringEntry(asBytes(f));
          if (entry.key === 'location') tensor.externalLocation = entry.value;
          break;
        }
        case 14: if (asNumber(f) !== 0) tensor.external = true; break;
      }
    }
    return tensor;
  }

  /** SparseTensorProto: values (1) and indices (2) are tensors; dims (3) the dense shape. */
  private sparseTensor(bytes: Uint8Array): OnnxTensorInfo[] {
    const parts: OnnxTensorInfo[] = [];
    for (const f of readFields(bytes)) if (f.field === 1 || f.field === 2) parts.push(this.tensor(asBytes(f)));
    return parts;
  }

  private stringEntry(bytes: Uint8Array): { key: string; value: string } {
    let key = '';
    let value = '';
    for (const f of readFields(bytes)) {
      if (f.field === 1) key = readString(asBytes(f));
      else if (f.field === 2) value = readString(asBytes(f));
    }
    return { key, value };
  }

  /** ValueInfoProto name (1) and type (2) → TypeProto.tensor_type (1) → shape (2) → dim (1) → dim_value (1). */
  private valueInfo(bytes: Uint8Array, shapes: Map<string, number[]>): void {
    this.countTensor();
    let name = '';
    let dims: number[] | null = null;
    for (const f of readFields(bytes)) {
      if (f.field === 1) name = readString(asBytes(f), MAX_NAMES);
      else if (f.field === 2) {
        for (const t of readFields(asBytes(f))) {
          if (t.field !== 1) continue;
          for (const s of readFields(asBytes(t))) if (s.field === 2) dims = this.shape(asBytes(s));
        }
      }
    }
    if (dims) shapes.set(name, dims);
  }

  private shape(bytes: Uint8Array): number[] {
    const dims: number[] = [];
    for (const f of readFields(bytes)) {
      if (f.field !== 1) continue;
      if (dims.length >= MAX_DIMS) throw new OnnxReadError(`a shape has more than ${MAX_DIMS} dimensions`, 'limit');
      let value = -1;
      for (const d of readFields(asBytes(f))) if (d.field === 1) value = asNumber(d);
      dims.push(value);
    }
    return dims;
  }
}

function mergeGraph(into: OnnxGraphInfo, from: OnnxGraphInfo): void {
  into.name = from.name || into.name;
  for (const n of from.nodes) into.nodes.push(n);
  for (const t of from.initializers) into.initializers.push(t);
  for (const t of from.sparseInitializers) into.sparseInitializers.push(t);
  for (const [name, dims] of from.shapes) into.shapes.set(name, dims);
}

function emptyGraph(): OnnxGraphInfo {
  return { name: '', nodes: [], initializers: [], sparseInitializers: [], shapes: new Map() };
}
