import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type ConvLayer } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import { applyActivation, exportActivation } from '../../layers/activations.js';
import { Conv1DLayer, conv1dOutputMask, exportConv1dOutputMask, type Conv1DPadding } from '../../layers/conv1d.js';
import { dropout } from '../../layers/dropout.js';
import { createNorm, type Norm } from '../../layers/normalization.js';
import {
  exportWindowPool, exportWindowPoolMask, windowPool, windowPoolLength, windowPoolMask, windowPoolSpec, type WindowPoolSpec,
} from '../../layers/window-pool.js';
import type { ForwardContext } from '../../model/context.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { SeededRandom } from '../../util/random.js';

/** The encoder-level values a convolution takes for what its own entry leaves out (Ludwig's `default_*`). */
export interface ConvDefaults {
  num_filters: number;
  filter_size: number;
  pool_function: string;
  pool_size: number | null;
  activation: string | null;
  dropout: number;
  use_bias: boolean;
  weights_initializer: string;
  bias_initializer: string;
  norm: 'batch' | 'layer' | null;
  padding: Conv1DPadding;
  pool_strides: number | null;
  pool_padding: 'same' | 'valid';
}

export interface ConvUnitSpec {
  filterSize: number;
  numFilters: number;
  padding: Conv1DPadding;
  useBias: boolean;
  weightsInitializer: string;
  biasInitializer: string;
  norm: 'batch' | 'layer' | null;
  activation: string | null;
  dropout: number;
  pool: WindowPoolSpec | null;
}

/** One entry of conv_layers / stacked_layers over the defaults. */
export function resolveConvUnit(layer: ConvLayer, d: ConvDefaults): ConvUnitSpec {
  const poolSize = layer.pool_size === undefined ? d.pool_size : layer.pool_size;
  const poolFunction = layer.pool_function ?? d.pool_function;
  return {
    filterSize: layer.filter_size ?? d.filter_size,
    numFilters: layer.num_filters ?? d.num_filters,
    padding: layer.padding ?? d.padding,
    useBias: layer.use_bias ?? d.use_bias,
    weightsInitializer: layer.weights_initializer ?? d.weights_initializer,
    biasInitializer: layer.bias_initializer ?? d.bias_initializer,
    norm: layer.norm === undefined ? d.norm : layer.norm,
    activation: layer.activation === undefined ? d.activation : layer.activation,
    dropout: layer.dropout ?? d.dropout,
    pool: poolSize === null
      ? null
      : windowPoolSpec(poolFunction === 'max' ? 'max' : 'average', poolSize, layer.pool_strides === undefined ? d.pool_strides : layer.pool_strides, layer.pool_padding ?? d.pool_padding),
  };
}

/** A token sequence inside an encoder: the steps and which of them hold a token. */
export interface SequenceState {
  x: tf.Tensor3D;
  mask: tf.Tensor2D;
}

/**
 * Ludwig's Conv1DLayer: convolution → norm → activation → dropout → pooling over windows of time.
 * Batch norm normalizes each filter over the batch and the steps; layer norm normalizes each row
 * over all its steps and filters (Ludwig's LayerNorm of shape [filters, steps]).
 */
export class ConvUnit {
  readonly outLength: number;
  private readonly conv: Conv1DLayer;
  private readonly norm: Norm | null;
  private readonly convLength: number;

  /**
   * @param label where the unit is, for errors ("feature 'review', convolution 2 of block 1").
   */
  constructor(
    params: ParameterStore, readonly name: string, readonly label: string, inChannels: number, readonly inLength: number,
    readonly spec: ConvUnitSpec, rng: SeededRandom, private readonly inputNeedsGradient: boolean,
  ) {
    this.conv = new Conv1DLayer(params, name, inChannels, {
      filterSize: spec.filterSize, numFilters: spec.numFilters, padding: spec.padding,
      // With a norm the activation comes after it.
      activation: spec.norm ? null : spec.activation,
      useBias: spec.useBias, weightsInitializer: spec.weightsInitializer, biasInitializer: spec.biasInitializer,
    }, rng);
    this.convLength = this.conv.outputLength(inLength);
    this.outLength = spec.pool ? windowPoolLength(this.convLength, spec.pool) : this.convLength;
    if (this.convLength < 1 || this.outLength < 1) {
      throw new OvertureError(
        'invalid_config',
        `${label}: a sequence of ${inLength} steps comes out of this convolution (filter_size ${spec.filterSize}, padding ${spec.padding}${spec.pool ? `, pool_size ${spec.pool.size}` : ''}) with no step left; use padding same, smaller pool sizes or a longer max_sequence_length`,
      );
    }
    this.norm = createNorm(spec.norm, params, `${name}.norm`, spec.norm === 'layer' ? this.convLength * spec.numFilters : spec.numFilters);
  }

  get channels(): number {
    return this.spec.numFilters;
  }

  forward(input: SequenceState, ctx: ForwardContext): SequenceState {
    let h = this.conv.apply(input.x, this.inputNeedsGradient);
    let mask = conv1dOutputMask(input.mask, this.spec.filterSize, this.spec.padding);
    if (this.norm) {
      const [batch, steps, filters] = h.shape;
      const rows = this.spec.norm === 'layer' ? tf.reshape(h, [batch, steps * filters]) : tf.reshape(h, [batch * steps, filters]);
      h = tf.reshape(this.norm.apply(rows as tf.Tensor2D, ctx), [batch, steps, filters]);
      h = applyActivation(this.spec.activation, h) as tf.Tensor3D;
    }
    if (ctx.training && this.spec.dropout > 0) h = dropout(h, this.spec.dropout, ctx.rng.nextSeed());
    if (this.spec.pool) {
      h = windowPool(h, this.spec.pool);
      mask = windowPoolMask(mask, this.spec.pool);
    }
    return { x: h, mask };
  }

  /** The unit at inference as ONNX nodes; `x` is [batch, inLength, channels], `mask` [batch, inLength] float. */
  exportOnnx(g: OnnxGraph, x: string, mask: string): { x: string; mask: string } {
    let h = this.conv.exportOnnx(g, x);
    let m = exportConv1dOutputMask(g, mask, this.inLength, this.spec.filterSize, this.spec.padding);
    if (this.norm) {
      const filters = this.spec.numFilters;
      const shape = (dims: number[]) => g.constant(dims, [dims.length], 'int64', 'shape');
      const rows = g.op('Reshape', [h, shape(this.spec.norm === 'layer' ? [-1, this.convLength * filters] : [-1, filters])]);
      h = g.op('Reshape', [this.norm.exportOnnx(g, rows), shape([-1, this.convLength, filters])]);
      h = exportActivation(g, this.spec.activation, h);
    }
    if (this.spec.pool) {
      h = exportWindowPool(g, h, this.spec.pool);
      m = exportWindowPoolMask(g, m, this.spec.pool);
    }
    return { x: h, mask: m };
  }
}

/** Parallel units over the same input, concatenated on the channels (Ludwig's ParallelConv1D). */
export class ParallelConvBlock {
  readonly outLength: number;
  readonly channels: number;

  constructor(readonly units: ConvUnit[], label: string) {
    const lengths = new Set(units.map((u) => u.outLength));
    if (lengths.size > 1) {
      throw new OvertureError(
        'invalid_config',
        `${label}: parallel convolutions must keep the same number of steps to be concatenated, got ${[...lengths].join(', ')}; use padding same and the same pooling in each`,
      );
    }
    this.outLength = units[0].outLength;
    this.channels = units.reduce((n, u) => n + u.channels, 0);
  }

  forward(input: SequenceState, ctx: ForwardContext): SequenceState {
    const outs = this.units.map((u) => u.forward(input, ctx));
    if (outs.length === 1) return outs[0];
    return { x: tf.concat(outs.map((o) => o.x), 2), mask: outs[0].mask };
  }

  exportOnnx(g: OnnxGraph, x: string, mask: string): { x: string; mask: string } {
    const outs = this.units.map((u) => u.exportOnnx(g, x, mask));
    if (outs.length === 1) return outs[0];
    return { x: g.op('Concat', outs.map((o) => o.x), { axis: attr.int(2) }), mask: outs[0].mask };
  }
}
