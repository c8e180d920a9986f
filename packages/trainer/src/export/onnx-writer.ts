import onnxProto from 'onnx-proto';
import type { OnnxAttribute, OnnxDType, OnnxGraph, OnnxInitializer, OnnxValueInfo } from './onnx-graph.js';

const { onnx } = onnxProto;

/** Opset 17 (ONNX 1.12: LayerNormalization) with IR version 8, which onnxruntime ≥ 1.12 reads. */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;

const dataTypes: Record<OnnxDType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  uint8: onnx.TensorProto.DataType.UINT8,
};

function attribute(name: string, a: OnnxAttribute): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  switch (a.type) {
    case 'int': return { name, type: AttributeType.INT, i: a.value };
    case 'float': return { name, type: AttributeType.FLOAT, f: a.value };
    case 'ints': return { name, type: AttributeType.INTS, ints: a.value };
    case 'string': return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.value) };
    case 'strings': return { name, type: AttributeType.STRINGS, strings: a.value.map((v) => new TextEncoder().encode(v)) };
  }
}

/** Tensor data as little-endian raw bytes (the compact form; every platform we run on is little-endian). */
function tensor(init: OnnxInitializer): onnxProto.onnx.ITensorProto {
  const { values } = init;
  return {
    name: init.name,
    dataType: dataTypes[init.dtype],
    dims: init.dims,
    rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
  };
}

function valueInfo(v: OnnxValueInfo): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: dataTypes[v.dtype],
        shape: { dim: v.dims ? v.dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) : [{ dimParam: 'batch' }, { dimValue: v.width }] },
      },
    },
  };
}

export interface OnnxModelInfo {
  /** Free text stored as the model's doc string. */
  description: string;
  /** Extra key/value pairs stored as metadata_props. */
  metadata?: Record<string, string>;
}

/** Serializes the graph as an ONNX ModelProto. */
export function writeOnnxModel(graph: OnnxGraph, info: OnnxModelInfo): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'overture',
    docString: info.description,
    metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'overture_ecd',
      node: graph.nodes.map((n) => ({
        name: n.name,
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes).map(([name, a]) => attribute(name, a)),
      })),
      initializer: [...graph.initializers.values()].map(tensor),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
