import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type CnnRnnConvLayer, type CnnRnnEncoderConfig } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import { applyActivation, exportActivation } from '../../layers/activations.js';
import { Conv1DLayer, type Conv1DPadding } from '../../layers/conv1d.js';
import { dropout } from '../../layers/dropout.js';
import { createNorm, type Norm } from '../../layers/normalization.js';
import { poolOverTime } from '../../layers/sequence-pooling.js';
import type { ForwardContext } from '../../model/context.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { SeededRandom } from '../../util/random.js';
import type { EncoderFactory } from '../encoder.js';
import { recurrentEncoder, type SequenceFront } from './recurrent-encoder.js';

interface ConvSpec {
  filterSize: number;
  numFilters: number;
  padding: Conv1DPadding;
  activation: string | null;
  dropout: number;
  norm: string | null;
  useBias: boolean;
  weightsInitializer: string;
  biasInitializer: string;
  poolSize: number | null;
  poolMode: 'max' | 'mean';
  poolPadding: Conv1DPadding;
}

/** Ludwig's Conv1DStack rule: explicit conv_layers, else num_conv_layers copies, else [{pool_size: 3}, {pool_size: null}]. */
export function convSpecs(c: CnnRnnEncoderConfig): ConvSpec[] {
  const layers: CnnRnnConvLayer[] = c.conv_layers ?? (c.num_conv_layers !== null ? Array.from({ length: c.num_conv_layers }, () => ({})) : [{ pool_size: 3 }, { pool_size: null }]);
  return layers.map((l) => ({
    filterSize: l.filter_size ?? c.filter_size,
    numFilters: l.num_filters ?? c.num_filters,
    padding: l.padding ?? c.padding,
    activation: l.activation === undefined ? c.conv_activation : l.activation,
    dropout: l.dropout ?? c.conv_dropout,
    norm: l.norm === undefined ? c.norm : l.norm,
    useBias: l.use_bias ?? c.use_bias,
    weightsInitializer: l.weights_initializer ?? c.weights_initializer,
    biasInitializer: l.bias_initializer ?? c.bias_initializer,
    poolSize: l.pool_size === undefined ? c.pool_size : l.pool_size,
    poolMode: (l.pool_function ?? c.pool_function) === 'max' ? 'max' : 'mean',
    poolPadding: l.pool_padding ?? c.pool_padding,
  }));
}

interface BuiltConv {
  spec: ConvSpec;
  conv: Conv1DLayer;
  norm: Norm | null;
  convLength: number;
  /** Steps after pooling. */
  outLength: number;
  /** Pooling window (1: none). */
  pool: number;
}

/**
 * Pooling over windows of `pool` steps with stride `pool` (Ludwig's default pool_strides): each
 * window becomes a row of a [batch·windows, pool, C] tensor pooled by the sequence kernel. 'same'
 * pads the last window (−∞ for max; the mean divides by its real steps), 'valid' drops it.
 */
function poolWindows(x: tf.Tensor3D, layer: BuiltConv): tf.Tensor3D {
  const [batch, seq, channels] = x.shape;
  const { pool, outLength } = layer;
  const covered = outLength * pool;
  let h: tf.Tensor3D = x;
  if (covered > seq) h = tf.pad(x, [[0, 0], [0, covered - seq], [0, 0]], layer.spec.poolMode === 'max' ? -Infinity : 0);
  else if (covered < seq) h = tf.slice(x, [0, 0, 0], [batch, covered, channels]);
  const windows = tf.reshape(h, [batch * outLength, pool, channels]) as tf.Tensor3D;
  const pooled = tf.reshape(poolOverTime(windows, null, layer.spec.poolMode === 'max' ? 'max' : 'sum'), [batch, outLength, channels]) as tf.Tensor3D;
  return layer.spec.poolMode === 'max' ? pooled : tf.mul(pooled, tf.tensor3d(windowScales(layer), [1, outLength, 1]));
}

/** 1 / real steps of each window, for the mean. */
function windowScales(layer: BuiltConv): Float32Array {
  return Float32Array.from({ length: layer.outLength }, (_, k) => 1 / (Math.min(layer.convLength, (k + 1) * layer.pool) - k * layer.pool));
}

function exportPoolWindows(g: OnnxGraph, x: string, layer: BuiltConv, channels: number): string {
  const { pool, outLength, convLength } = layer;
  const covered = outLength * pool;
  let h = x;
  if (covered > convLength) {
    const pads = g.constant([0, 0, 0, 0, covered - convLength, 0], [6], 'int64', 'pads');
    h = g.op('Pad', [x, pads, g.scalar(layer.spec.poolMode === 'max' ? -Infinity : 0)], {});
  } else if (covered < convLength) {
    h = g.op('Slice', [x, g.constant([0], [1], 'int64', 'starts'), g.constant([covered], [1], 'int64', 'ends'), g.constant([1], [1], 'int64', 'axes')]);
  }
  const windows = g.op('Reshape', [h, g.constant([-1, pool, channels], [3], 'int64', 'shape')]);
  const pooled = layer.spec.poolMode === 'max'
    ? g.op('ReduceMax', [windows], { axes: attr.ints([1]), keepdims: attr.int(0) })
    : g.op('ReduceSum', [windows, g.constant([1], [1], 'int64', 'axes')], { keepdims: attr.int(0) });
  const steps = g.op('Reshape', [pooled, g.constant([-1, outLength, channels], [3], 'int64', 'shape')]);
  return layer.spec.poolMode === 'max' ? steps : g.op('Mul', [steps, g.constant(windowScales(layer), [1, outLength, 1])]);
}

/** The convolutions of cnnrnn, each: conv → norm → activation → dropout → pooling over time. */
export class ConvFront implements SequenceFront {
  readonly outLength: number;
  readonly outChannels: number;
  private readonly layers: BuiltConv[];

  constructor(params: ParameterStore, name: string, channels: number, seq: number, specs: ConvSpec[], rng: SeededRandom) {
    let [length, inChannels] = [seq, channels];
    this.layers = specs.map((spec, i) => {
      const conv = new Conv1DLayer(params, `${name}.conv_${i}`, inChannels, {
        filterSize: spec.filterSize, numFilters: spec.numFilters, padding: spec.padding, activation: spec.norm ? null : spec.activation,
        useBias: spec.useBias, weightsInitializer: spec.weightsInitializer, biasInitializer: spec.biasInitializer,
      }, rng);
      const convLength = conv.outputLength(length);
      const pool = spec.poolSize ?? 1;
      const outLength = pool === 1 ? convLength : spec.poolPadding === 'same' ? Math.ceil(convLength / pool) : Math.floor(convLength / pool);
      if (convLength < 1 || outLength < 1) {
        throw new OvertureError('invalid_input', `cnnrnn conv layer ${i}: a sequence of ${length} steps is too short for filter_size ${spec.filterSize} with ${spec.padding} padding and pool_size ${pool} with ${spec.poolPadding} padding; lower them or raise max_sequence_length`);
      }
      const built: BuiltConv = { spec, conv, norm: createNorm(spec.norm, params, `${name}.conv_${i}.norm`, spec.numFilters), convLength, outLength, pool };
      [length, inChannels] = [outLength, spec.numFilters];
      return built;
    });
    this.outLength = length;
    this.outChannels = inChannels;
  }

  apply(x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
    let h = x;
    for (const layer of this.layers) {
      const { spec } = layer;
      h = layer.conv.apply(h);
      if (layer.norm) {
        const [batch, steps, channels] = h.shape;
        h = tf.reshape(applyActivation(spec.activation, layer.norm.apply(tf.reshape(h, [batch * steps, channels]), ctx)), [batch, steps, channels]);
      }
      if (ctx.training && spec.dropout > 0) h = dropout(h, spec.dropout, ctx.rng.nextSeed());
      if (layer.pool > 1) h = poolWindows(h, layer);
    }
    return h;
  }

  lengths(lengths: Int32Array): Int32Array {
    return lengths.map((n) => this.layers.reduce((len, l) => Math.min(Math.ceil(Math.min(len, l.convLength) / l.pool), l.outLength), n));
  }

  exportOnnx(g: OnnxGraph, x: string): string {
    let h = x;
    for (const layer of this.layers) {
      const { spec } = layer;
      h = layer.conv.exportOnnx(g, h);
      if (layer.norm) {
        const rows = g.op('Reshape', [h, g.constant([-1, spec.numFilters], [2], 'int64', 'shape')]);
        const normed = exportActivation(g, spec.activation, layer.norm.exportOnnx(g, rows));
        h = g.op('Reshape', [normed, g.constant([-1, layer.convLength, spec.numFilters], [3], 'int64', 'shape')]);
      }
      if (layer.pool > 1) h = exportPoolWindows(g, h, layer, spec.numFilters);
    }
    return h;
  }

  exportLengths(g: OnnxGraph, lengths: string): string {
    let len = lengths;
    for (const l of this.layers) {
      len = g.op('Min', [len, g.scalar(l.convLength)]);
      if (l.pool > 1) len = g.op('Min', [g.op('Ceil', [g.op('Div', [len, g.scalar(l.pool)])]), g.scalar(l.outLength)]);
    }
    return len;
  }
}

/** Ludwig's `cnnrnn` text encoder (StackedCNNRNN): embeddings, convolutions with pooling, then `num_rec_layers` recurrent layers. */
export const cnnRnnEncoder: EncoderFactory<CnnRnnEncoderConfig> = (args) => recurrentEncoder(
  args, args.config.num_rec_layers,
  (embeddingSize, seq) => new ConvFront(args.params, args.name, embeddingSize, seq, convSpecs(args.config), args.rng),
);
