import * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { ForwardContext } from '../model/context.js';
import type { SeededRandom } from '../util/random.js';
import { denseForward } from './dense.js';
import { dropout } from './dropout.js';
import { initialize } from './initializers.js';
import { applyActivation, exportActivation } from './activations.js';
import { createNorm, type Norm } from './normalization.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import { emitDense } from '../export/ops.js';

/** One fully connected layer as Ludwig describes it: linear → norm → activation → dropout. */
export interface FcLayerSpec {
  output_size: number;
  activation: string | null;
  dropout: number;
  norm: string | null;
  use_bias: boolean;
  weights_initializer: string | null;
  bias_initializer: string | null;
}

/** The FC knobs shared by encoders, combiners and decoders. */
export interface FcStackOptions {
  fc_layers?: Partial<FcLayerSpec>[] | null;
  num_fc_layers?: number;
  output_size?: number;
  activation?: string | null;
  dropout?: number;
  norm?: string | null;
  use_bias?: boolean;
  weights_initializer?: string | null;
  bias_initializer?: string | null;
}

/** Ludwig's rule: an explicit `fc_layers` list wins; otherwise `num_fc_layers` copies of the defaults. */
export function resolveFcLayers(options: FcStackOptions): FcLayerSpec[] {
  const defaults: FcLayerSpec = {
    output_size: options.output_size ?? 256,
    activation: options.activation === undefined ? 'relu' : options.activation,
    dropout: options.dropout ?? 0,
    norm: options.norm ?? null,
    use_bias: options.use_bias ?? true,
    weights_initializer: options.weights_initializer ?? 'xavier_uniform',
    bias_initializer: options.bias_initializer ?? 'zeros',
  };
  if (options.fc_layers && options.fc_layers.length > 0) {
    return options.fc_layers.map((layer) => ({ ...defaults, ...stripUndefined(layer) }));
  }
  return Array.from({ length: options.num_fc_layers ?? 0 }, () => ({ ...defaults }));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

interface BuiltLayer {
  spec: FcLayerSpec;
  /** Parameter name prefix (`<stack>.fc_<i>`). */
  prefix: string;
  kernel: tf.Variable;
  bias: tf.Variable | null;
  norm: Norm | null;
}

export class FcStack {
  readonly outputSize: number;
  private readonly layers: BuiltLayer[];

  /**
   * @param inputIsData true when the stack's input is raw data (no gradient needs to flow into it),
   *   which saves one matrix product per step in the first layer.
   */
  constructor(
    params: ParameterStore,
    name: string,
    inputSize: number,
    specs: FcLayerSpec[],
    rng: SeededRandom,
    private readonly inputIsData = false,
  ) {
    let size = inputSize;
    this.layers = specs.map((spec, i) => {
      const prefix = `${name}.fc_${i}`;
      const kernel = params.create(`${prefix}.kernel`, [size, spec.output_size], initialize(spec.weights_initializer, [size, spec.output_size], rng));
      const bias = spec.use_bias
        ? params.create(`${prefix}.bias`, [spec.output_size], initialize(spec.bias_initializer, [spec.output_size], rng))
        : null;
      const norm = createNorm(spec.norm, params, `${prefix}.norm`, spec.output_size);
      size = spec.output_size;
      return { spec, prefix, kernel, bias, norm };
    });
    this.outputSize = size;
  }

  get layerSpecs(): FcLayerSpec[] {
    return this.layers.map((l) => l.spec);
  }

  forward(x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
    let h = x;
    this.layers.forEach((layer, i) => {
      const needsGrad = !(i === 0 && this.inputIsData);
      const fuseRelu = layer.norm === null && layer.spec.activation === 'relu';
      h = denseForward(h, layer.kernel as tf.Tensor2D, layer.bias as tf.Tensor1D | null, fuseRelu ? 'relu' : 'linear', needsGrad);
      if (layer.norm) h = layer.norm.apply(h, ctx);
      if (!fuseRelu) h = applyActivation(layer.spec.activation, h) as tf.Tensor2D;
      if (ctx.training && layer.spec.dropout > 0) h = dropout(h, layer.spec.dropout, ctx.rng.nextSeed());
    });
    return h;
  }

  /** The stack at inference (dropout is the identity) as ONNX nodes. */
  exportOnnx(g: OnnxGraph, x: string): string {
    let h = x;
    for (const layer of this.layers) {
      h = emitDense(g, h, g.param(`${layer.prefix}.kernel`), layer.bias ? g.param(`${layer.prefix}.bias`) : null);
      if (layer.norm) h = layer.norm.exportOnnx(g, h);
      h = exportActivation(g, layer.spec.activation, h);
    }
    return h;
  }
}
