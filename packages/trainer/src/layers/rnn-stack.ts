import * as tf from '@tensorflow/tfjs-core';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { dropout } from './dropout.js';
import { initialize } from './initializers.js';
import { gateCount, recurrentDirection, type RnnActivation, type RnnCell, type RnnWeights } from './rnn.js';

/** A stack of recurrent layers as Ludwig's RecurrentStack configures PyTorch's RNN/LSTM/GRU. */
export interface RecurrentStackSpec {
  cell: RnnCell;
  stateSize: number;
  numLayers: number;
  bidirectional: boolean;
  activation: RnnActivation;
  recurrentActivation: RnnActivation;
  useBias: boolean;
  /** LSTM: the forget gate's bias starts at 1 (Jozefowicz et al. 2015), so early training remembers. */
  unitForgetBias: boolean;
  weightsInitializer: string | null;
  recurrentInitializer: string | null;
  biasInitializer: string | null;
  /** Dropout on the output of every layer but the last, as PyTorch's `dropout` (Ludwig's recurrent_dropout). */
  dropout: number;
}

const directions = ['forward', 'backward'] as const;

/** ONNX gate order per cell, as indices of our (PyTorch) gate blocks: LSTM iofc ← ifgo, GRU zrh ← rzn. */
const onnxGateOrder: Record<RnnCell, number[]> = { rnn: [0], lstm: [0, 3, 1, 2], gru: [1, 0, 2] };
const onnxOp: Record<RnnCell, string> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };
const onnxActivation: Record<RnnActivation, string> = { tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'Relu' };

/**
 * An orthogonal [rows, cols] matrix (Saxe et al. 2014; Keras' and Ludwig's default for recurrent
 * weights): Gram–Schmidt on Gaussian draws, over the shorter side.
 */
function orthogonal(rows: number, cols: number, rng: SeededRandom): Float32Array {
  const [n, len] = rows <= cols ? [rows, cols] : [cols, rows];
  const basis = Array.from({ length: n }, () => Float64Array.from({ length: len }, () => rng.nextGaussian()));
  for (let i = 0; i < n; i++) {
    const v = basis[i];
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < len; k++) dot += v[k] * basis[j][k];
      for (let k = 0; k < len; k++) v[k] -= dot * basis[j][k];
    }
    const norm = Math.hypot(...v) || 1;
    for (let k = 0; k < len; k++) v[k] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = rows <= cols ? basis[i][j] : basis[j][i];
  return out;
}

interface Direction {
  prefix: string;
  weights: RnnWeights;
}

export class RecurrentStack {
  readonly outputSize: number;
  private readonly layers: Direction[][];

  constructor(params: ParameterStore, name: string, inputSize: number, readonly spec: RecurrentStackSpec, rng: SeededRandom) {
    const hidden = spec.stateSize;
    const width = gateCount[spec.cell] * hidden;
    const dirs = spec.bidirectional ? 2 : 1;
    let size = inputSize;
    this.layers = Array.from({ length: spec.numLayers }, (_, l) => {
      const layer = directions.slice(0, dirs).map((dir) => {
        const prefix = `${name}.rnn_${l}.${dir}`;
        const bias = initialize(spec.biasInitializer ?? 'zeros', [width], rng);
        if (spec.cell === 'lstm' && spec.unitForgetBias) for (let j = hidden; j < 2 * hidden; j++) bias[j] += 1;
        const recurrent = (spec.recurrentInitializer ?? 'orthogonal') === 'orthogonal'
          ? orthogonal(hidden, width, rng)
          : initialize(spec.recurrentInitializer, [hidden, width], rng);
        const weights: RnnWeights = {
          kernel: params.create(`${prefix}.kernel`, [size, width], initialize(spec.weightsInitializer, [size, width], rng)) as tf.Tensor as tf.Tensor2D,
          recurrent: params.create(`${prefix}.recurrent_kernel`, [hidden, width], recurrent) as tf.Tensor as tf.Tensor2D,
          // Without use_bias the biases stay zeros (frozen), so the kernels and the export need no second form.
          bias: params.create(`${prefix}.bias`, [width], spec.useBias ? bias : new Float32Array(width), spec.useBias) as tf.Tensor as tf.Tensor1D,
          recurrentBias: params.create(`${prefix}.recurrent_bias`, [width], new Float32Array(width), spec.useBias) as tf.Tensor as tf.Tensor1D,
        };
        return { prefix, weights };
      });
      size = hidden * dirs;
      return layer;
    });
    this.outputSize = size;
  }

  /**
   * x [batch, seq, in] → [batch, seq, outputSize]; `mask` [batch, seq] marks the real steps (0 =
   * padding). The backward direction walks each row from its last real step.
   */
  forward(x: tf.Tensor3D, mask: tf.Tensor2D | null, ctx: ForwardContext, inputNeedsGradient = true): tf.Tensor3D {
    let h = x;
    this.layers.forEach((layer, l) => {
      const outputs = layer.map((d, k) => recurrentDirection(h, d.weights, mask, {
        cell: this.spec.cell, reverse: k === 1, activation: this.spec.activation, recurrentActivation: this.spec.recurrentActivation,
      }, { inputNeedsGradient: l > 0 || inputNeedsGradient, inference: !ctx.training }));
      h = outputs.length === 1 ? outputs[0] : (tf.concat(outputs, 2) as tf.Tensor3D);
      if (ctx.training && this.spec.dropout > 0 && l < this.layers.length - 1) h = dropout(h, this.spec.dropout, ctx.rng.nextSeed());
    });
    return h;
  }

  /**
   * The stack as ONNX RNN/LSTM/GRU nodes (time-major inside), for x [batch, seq, in] and `lengths`
   * int32 [batch], the real steps of each row, which must come first (right padding): ONNX's
   * sequence_lens then skips the rest in both directions and outputs zeros there, as the kernels do.
   */
  exportOnnx(g: OnnxGraph, x: string, lengths: string): string {
    const { cell, stateSize: hidden } = this.spec;
    const dirs = this.spec.bidirectional ? 2 : 1;
    const order = onnxGateOrder[cell];
    const gates = order.length;
    const acts = { rnn: [this.spec.activation], lstm: [this.spec.recurrentActivation, this.spec.activation, this.spec.activation], gru: [this.spec.recurrentActivation, this.spec.activation] }[cell];
    const flatten = g.constant([0, 0, -1], [3], 'int64', 'shape');
    let h = g.op('Transpose', [x], { perm: attr.ints([1, 0, 2]) });
    for (const layer of this.layers) {
      const inSize = g.paramValues(`${layer[0].prefix}.kernel`).length / (gates * hidden);
      const w = new Float32Array(dirs * gates * hidden * inSize);
      const r = new Float32Array(dirs * gates * hidden * hidden);
      const b = new Float32Array(dirs * 2 * gates * hidden);
      layer.forEach(({ prefix }, d) => {
        const [kernel, recurrent, bias, recurrentBias] = ['kernel', 'recurrent_kernel', 'bias', 'recurrent_bias'].map((p) => g.paramValues(`${prefix}.${p}`));
        order.forEach((src, q) => {
          for (let j = 0; j < hidden; j++) {
            const row = (d * gates + q) * hidden + j;
            const col = src * hidden + j;
            for (let i = 0; i < inSize; i++) w[row * inSize + i] = kernel[i * gates * hidden + col];
            for (let i = 0; i < hidden; i++) r[row * hidden + i] = recurrent[i * gates * hidden + col];
            b[d * 2 * gates * hidden + q * hidden + j] = bias[col];
            b[d * 2 * gates * hidden + (gates + q) * hidden + j] = recurrentBias[col];
          }
        });
      });
      const inputs = [
        h,
        g.constant(w, [dirs, gates * hidden, inSize], 'float32', 'rnn_w'),
        g.constant(r, [dirs, gates * hidden, hidden], 'float32', 'rnn_r'),
        g.constant(b, [dirs, 2 * gates * hidden], 'float32', 'rnn_b'),
        lengths,
      ];
      const y = g.op(onnxOp[cell], inputs, {
        hidden_size: attr.int(hidden),
        direction: attr.string(dirs === 2 ? 'bidirectional' : 'forward'),
        activations: attr.strings(Array.from({ length: dirs }, () => acts.map((a) => onnxActivation[a])).flat()),
        ...(cell === 'gru' ? { linear_before_reset: attr.int(1) } : {}),
      });
      // Y is [seq, dirs, batch, hidden]: directions side by side per step, as the tfjs concat.
      h = g.op('Reshape', [g.op('Transpose', [y], { perm: attr.ints([0, 2, 1, 3]) }), flatten]);
    }
    return g.op('Transpose', [h], { perm: attr.ints([1, 0, 2]) });
  }
}
