import { OvertureError } from '@overture/config';
import type { NamedArrays } from '../model/parameters.js';

/**
 * An ONNX inference graph under construction, as plain data (no protobuf, no tfjs): each layer's
 * `exportOnnx` adds the nodes that compute what its tfjs `forward` computes at inference, and
 * `onnx-writer.ts` serializes the result. Weights come from a ParameterStore snapshot by their
 * logical names, so a tied encoder emitted twice shares one initializer.
 */
export type OnnxDType = 'float32' | 'int32' | 'int64' | 'uint8';

export type OnnxAttribute =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'ints'; value: number[] }
  | { type: 'string'; value: string }
  | { type: 'strings'; value: string[] };

export const attr = {
  int: (value: number): OnnxAttribute => ({ type: 'int', value }),
  float: (value: number): OnnxAttribute => ({ type: 'float', value }),
  ints: (value: number[]): OnnxAttribute => ({ type: 'ints', value }),
  string: (value: string): OnnxAttribute => ({ type: 'string', value }),
  strings: (value: string[]): OnnxAttribute => ({ type: 'strings', value }),
};

export interface OnnxNode {
  name: string;
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttribute>;
}

export interface OnnxInitializer {
  name: string;
  dtype: OnnxDType;
  dims: number[];
  values: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

/** A graph input or output: `[batch, width]` with a dynamic batch dimension. */
export interface OnnxValueInfo {
  name: string;
  dtype: OnnxDType;
  width: number;
  /** Every dimension, when not [batch, width] (names are dynamic): graphs other than the model's own, such as a test encoder's [batch, steps]. */
  dims?: (number | string)[];
}

export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers = new Map<string, OnnxInitializer>();
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  private counter = 0;

  constructor(private readonly weights: NamedArrays) {}

  /** A name no feature can clash with: inputs and outputs are named after features, internals are `/…`. */
  private fresh(hint: string): string {
    return `/${hint}_${this.counter++}`;
  }

  addInput(name: string, dtype: OnnxDType, width: number, dims?: (number | string)[]): string {
    this.inputs.push({ name, dtype, width, ...(dims ? { dims } : {}) });
    return name;
  }

  /** Exposes `tensor` as the graph output `name`. */
  addOutput(name: string, tensor: string, width: number, dims?: (number | string)[]): void {
    this.nodes.push({ name: this.fresh('output'), op: 'Identity', inputs: [tensor], outputs: [name], attributes: {} });
    this.outputs.push({ name, dtype: 'float32', width, ...(dims ? { dims } : {}) });
  }

  /** The initializer holding parameter `name` of the model (added once). */
  param(name: string): string {
    const key = `param:${name}`;
    if (!this.initializers.has(key)) {
      const saved = this.weights[name];
      if (!saved) throw new OvertureError('internal', `ONNX export: the model has no parameter '${name}'`);
      this.initializers.set(key, { name: key, dtype: 'float32', dims: [...saved.shape], values: saved.values });
    }
    return key;
  }

  /** The values of parameter `name`, for emitters that fold parameters into constants (batch norm). */
  paramValues(name: string): Float32Array {
    const saved = this.weights[name];
    if (!saved) throw new OvertureError('internal', `ONNX export: the model has no parameter '${name}'`);
    return saved.values;
  }

  constant(values: ArrayLike<number>, dims: number[], dtype: OnnxDType = 'float32', hint = 'const'): string {
    const name = this.fresh(hint);
    const data = dtype === 'float32' ? Float32Array.from(values) : dtype === 'int32' ? Int32Array.from(values)
      : dtype === 'uint8' ? Uint8Array.from(values) : BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
    this.initializers.set(name, { name, dtype, dims, values: data });
    return name;
  }

  /** A float32 scalar constant (broadcasts). */
  scalar(value: number): string {
    return this.constant([value], [], 'float32', 'scalar');
  }

  /** Adds one node with `count` outputs (TopK: values and indices) and returns their names. */
  opOutputs(op: string, inputs: string[], count: number, attributes: Record<string, OnnxAttribute> = {}): string[] {
    const base = this.fresh(op.toLowerCase());
    const outputs = Array.from({ length: count }, (_, i) => `${base}_${i}`);
    this.nodes.push({ name: `${base}_node`, op, inputs, outputs, attributes });
    return outputs;
  }

  /** Adds one node and returns the name of its (single) output. */
  op(op: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}): string {
    const output = this.fresh(op.toLowerCase());
    this.nodes.push({ name: `${output}_node`, op, inputs, outputs: [output], attributes });
    return output;
  }
}
