import * as tf from '@tensorflow/tfjs-core';
import type { FtTransformerCombinerConfig, TransformerCombinerConfig } from '@overture/config';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import { emitDense } from '../export/ops.js';
import { denseForward } from '../layers/dense.js';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { initialize } from '../layers/initializers.js';
import type { SeededRandom } from '../util/random.js';

type TransformerCombinerOptions = TransformerCombinerConfig | FtTransformerCombinerConfig;

/**
 * One token per input feature, as Ludwig's transformer-style combiners build them: each encoder
 * output through its own linear projection to hidden_size (one dense product each), the tokens
 * stacked into [batch·features, hidden] rows, grouped by batch item as the transformer stack reads them.
 */
export class FeatureTokens {
  private readonly projectors: { prefix: string; kernel: tf.Variable; bias: tf.Variable | null }[];

  constructor(params: ParameterStore, name: string, inputSizes: number[], readonly hidden: number, config: TransformerCombinerOptions, rng: SeededRandom, private readonly inputIsData: boolean) {
    this.projectors = inputSizes.map((size, i) => {
      const prefix = `${name}.projector_${i}`;
      return {
        prefix,
        kernel: params.create(`${prefix}.kernel`, [size, hidden], initialize(config.weights_initializer, [size, hidden], rng)),
        bias: config.use_bias ? params.create(`${prefix}.bias`, [hidden], initialize(config.bias_initializer, [hidden], rng)) : null,
      };
    });
  }

  get count(): number {
    return this.projectors.length;
  }

  /** encoded [batch, size_i] per feature → [batch, features, hidden]. */
  forward(encoded: tf.Tensor2D[]): tf.Tensor3D {
    const projected = encoded.map((x, i) => {
      const p = this.projectors[i];
      return denseForward(x, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D | null, 'linear', !this.inputIsData);
    });
    return tf.stack(projected, 1) as tf.Tensor3D;
  }

  exportOnnx(g: OnnxGraph, encoded: string[]): string {
    const axis = g.constant([1], [1], 'int64', 'axes');
    const tokens = encoded.map((x, i) => {
      const p = this.projectors[i];
      return g.op('Unsqueeze', [emitDense(g, x, g.param(`${p.prefix}.kernel`), p.bias ? g.param(`${p.prefix}.bias`) : null), axis]);
    });
    return tokens.length === 1 ? tokens[0] : g.op('Concat', tokens, { axis: attr.int(1) });
  }
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
