import * as tf from '@tensorflow/tfjs-core';
import type { FtTransformerCombinerConfig, TabTransformerCombinerConfig, TransformerCombinerConfig } from '@overture/config';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import { emitDense } from '../export/ops.js';
import { denseForward } from '../layers/dense.js';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { initialize } from '../layers/initializers.js';
import type { SeededRandom } from '../util/random.js';

type TransformerCombinerOptions = TransformerCombinerConfig | FtTransformerCombinerConfig | TabTransformerCombinerConfig;

/** How one encoded input becomes tokens: one dense projection, or a projection per stacked column. */
type TokenGroup =
  | { kind: 'dense'; prefix: string; kernel: tf.Variable; bias: tf.Variable | null }
  | { kind: 'columns'; prefix: string; columns: number; kernel: tf.Variable; bias: tf.Variable | null };

/**
 * One token per input feature, as Ludwig's transformer-style combiners build them: each encoder
 * output through its own linear projection to `size` (one dense product each). The stacked
 * passthrough tensor holds several number/binary features, one column each, so each column gets
 * its own projection (x_j · w_j + b_j, FT-Transformer's numerical tokenizer) in two broadcast ops.
 */
export class FeatureTokens {
  readonly count: number;
  private readonly groups: TokenGroup[];

  constructor(
    params: ParameterStore, name: string, inputSizes: number[], readonly size: number, config: TransformerCombinerOptions, rng: SeededRandom,
    private readonly inputIsData: boolean, featuresPerInput: number[] = inputSizes.map(() => 1),
  ) {
    this.groups = inputSizes.map((width, i): TokenGroup => {
      const prefix = `${name}.projector_${i}`;
      const columns = featuresPerInput[i];
      const bias = (rows: number) => (config.use_bias ? params.create(`${prefix}.bias`, rows === 1 ? [size] : [rows, size], initialize(config.bias_initializer, [rows, size], rng)) : null);
      if (columns > 1) {
        if (columns !== width) throw new Error(`${name}: input ${i} holds ${columns} stacked features in ${width} columns`);
        return { kind: 'columns', prefix, columns, kernel: params.create(`${prefix}.kernel`, [columns, size], columnKernels(config, columns, size, rng)), bias: bias(columns) };
      }
      return { kind: 'dense', prefix, kernel: params.create(`${prefix}.kernel`, [width, size], initialize(config.weights_initializer, [width, size], rng)), bias: bias(1) };
    });
    this.count = this.groups.reduce((n, g) => n + (g.kind === 'columns' ? g.columns : 1), 0);
  }

  /** encoded [batch, width_i] per input → [batch, tokens, size]. */
  forward(encoded: tf.Tensor2D[]): tf.Tensor3D {
    const parts = encoded.map((x, i) => {
      const g = this.groups[i];
      if (g.kind === 'columns') {
        const scaled = tf.mul(tf.expandDims(x, 2), g.kernel);
        return g.bias ? tf.add(scaled, g.bias) : scaled;
      }
      return tf.expandDims(denseForward(x, g.kernel as tf.Tensor2D, g.bias as tf.Tensor1D | null, 'linear', !this.inputIsData), 1);
    });
    return (parts.length === 1 ? parts[0] : tf.concat(parts, 1)) as tf.Tensor3D;
  }

  exportOnnx(g: OnnxGraph, encoded: string[]): string {
    const parts = encoded.map((x, i) => {
      const group = this.groups[i];
      if (group.kind === 'columns') {
        const scaled = g.op('Mul', [g.op('Unsqueeze', [x, g.constant([2], [1], 'int64', 'axes')]), g.param(`${group.prefix}.kernel`)]);
        return group.bias ? g.op('Add', [scaled, g.param(`${group.prefix}.bias`)]) : scaled;
      }
      const projected = emitDense(g, x, g.param(`${group.prefix}.kernel`), group.bias ? g.param(`${group.prefix}.bias`) : null);
      return g.op('Unsqueeze', [projected, g.constant([1], [1], 'int64', 'axes')]);
    });
    return parts.length === 1 ? parts[0] : g.op('Concat', parts, { axis: attr.int(1) });
  }
}

/** Each column's [1, size] projection initialized as a one-input dense layer would be. */
function columnKernels(config: TransformerCombinerOptions, columns: number, size: number, rng: SeededRandom): Float32Array {
  const out = new Float32Array(columns * size);
  for (let j = 0; j < columns; j++) out.set(initialize(config.weights_initializer, [1, size], rng), j * size);
  return out;
}

/** The input features each encoded input holds (1 unless stacked), from the build args. */
export function featuresPerInput(inputSizes: number[], inputFeatures: { name: string }[][] | undefined): number[] {
  return inputSizes.map((_, i) => inputFeatures?.[i]?.length ?? 1);
}

/**
 * The combiners' FC stack after the transformer (Ludwig FCStack with `fc_residual`): each layer
 * whose input and output sizes match adds its input back.
 */
export class ResidualFcStack {
  readonly outputSize: number;
  private readonly layers: FcStack[];
  private readonly widths: number[];
  private readonly residual: boolean;

  constructor(params: ParameterStore, name: string, inputSize: number, config: TransformerCombinerOptions, rng: SeededRandom) {
    const specs = resolveFcLayers({ ...config, activation: config.fc_activation, dropout: config.fc_dropout });
    let size = inputSize;
    this.widths = [];
    this.layers = specs.map((spec, i) => {
      this.widths.push(size);
      const layer = new FcStack(params, `${name}.layer_${i}`, size, [spec], rng);
      size = spec.output_size;
      return layer;
    });
    this.outputSize = size;
    this.residual = config.fc_residual;
  }

  forward(x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
    let h = x;
    for (const layer of this.layers) {
      const out = layer.forward(h, ctx);
      h = this.residual && out.shape[1] === h.shape[1] ? (tf.add(out, h) as tf.Tensor2D) : out;
    }
    return h;
  }

  exportOnnx(g: OnnxGraph, x: string): string {
    let h = x;
    this.layers.forEach((layer, i) => {
      const out = layer.exportOnnx(g, h);
      h = this.residual && layer.outputSize === this.widths[i] ? g.op('Add', [out, h]) : out;
    });
    return h;
  }
}

/**
 * `table` ([1, …] or [n, k]) repeated over the batch of `reference` ([batch, width]) as ONNX:
 * ones [batch, 1, 1] times the table. Expand or Tile would read the batch size from data, which
 * serving refuses (their output size could be anything); a product of shapes already in the graph
 * cannot. The ones are "x is NaN or x is not NaN" on the first column, true for every value.
 */
export function exportRepeatOverBatch(g: OnnxGraph, reference: string, table: string): string {
  const first = g.op('Slice', [reference, g.constant([0], [1], 'int64', 'starts'), g.constant([1], [1], 'int64', 'ends'), g.constant([1], [1], 'int64', 'axes')]);
  const nan = g.op('IsNaN', [first]);
  const ones = g.op('Cast', [g.op('Or', [nan, g.op('Not', [nan])])], { to: attr.int(1) });
  return g.op('Mul', [g.op('Unsqueeze', [ones, g.constant([2], [1], 'int64', 'axes')]), table]);
}

