import * as tf from '@tensorflow/tfjs-core';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import type { ForwardContext } from '../model/context.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { embeddingLookup, exportEmbeddingLookup } from './embedding.js';
import { gateCount, type RnnCell } from './rnn.js';

/**
 * Ludwig's recurrent sequence generator (`ludwig/decoders/sequence_decoders.py`: RNNDecoder,
 * LSTMDecoder and their SequenceRNNDecoder/SequenceLSTMDecoder loops). The combiner's vector is the
 * initial state of every layer (an LSTM's cell state starts as a copy of it, as Ludwig's
 * `get_lstm_init_state`); each step embeds the previous token, runs the stacked cells and projects
 * the top state onto the vocabulary with the embedding table itself (Ludwig ties `out.weight` to
 * `embedding.weight`, plus a bias).
 *
 * The output has the target's layout, [batch, steps × vocabulary] with steps = max_sequence_length
 * (`<SOS>` first): step 0 is the start symbol (fixed logits), step t ≥ 1 is what the decoder
 * predicts after reading the token of step t − 1. So the loss, the metrics and the postprocessing
 * of text and sequence outputs read a generator exactly as they read a tagger.
 *
 * Training feeds the true previous token (teacher forcing, with Ludwig's optional scheduled
 * sampling); otherwise the decoder feeds back its own most probable token (greedy) and, once a
 * row has produced the stop or padding symbol, answers padding for the rest of its steps.
 *
 * The cells are tfjs ops rather than the fused kernels of backend/rnn-kernels.ts: those start
 * every row from a zero state and take the whole input sequence at once, while here the state
 * starts from the combiner (its gradient is the point) and, decoding, each step's input is the
 * previous step's output.
 */
export interface SequenceGeneratorSpec {
  cell: RnnCell;
  hiddenSize: number;
  numLayers: number;
  vocabSize: number;
  /** Output steps, start symbol included (the output's max_sequence_length). */
  steps: number;
  startId: number;
  stopId: number;
  padId: number;
  teacherForcingDecay: 'none' | 'linear' | 'exponential';
  teacherForcingDecayRate: number;
}

interface LayerWeights {
  kernel: tf.Tensor2D;
  recurrent: tf.Tensor2D;
  bias: tf.Tensor1D;
  recurrentBias: tf.Tensor1D;
}

/** A logit that makes a token's probability 0 in float32 (the start step's other tokens). */
const IMPOSSIBLE_LOGIT = -1e4;
/**
 * After a row has stopped, every token but padding gets this logit: its probability (~2e-9) is
 * nothing to a reader, yet the evaluation loss of a row that stopped too early stays finite
 * (about 20 per missed token) instead of 10⁴, so `loss` remains a usable validation metric.
 */
const STOPPED_LOGIT = -20;

export class SequenceGenerator {
  private readonly embeddings: tf.Variable;
  private readonly outBias: tf.Variable;
  private readonly layers: { prefix: string; weights: LayerWeights }[];
  private readonly startRow: Float32Array;
  private readonly stoppedRow: Float32Array;

  constructor(params: ParameterStore, readonly name: string, readonly spec: SequenceGeneratorSpec, rng: SeededRandom) {
    const { hiddenSize: h, vocabSize: v, cell } = spec;
    const width = gateCount[cell] * h;
    // PyTorch's initializations: nn.Embedding N(0, 1); RNN weights and biases U(−1/√H, 1/√H).
    this.embeddings = params.create(`${name}.embeddings`, [v, h], Float32Array.from({ length: v * h }, () => rng.nextGaussian()));
    this.outBias = params.create(`${name}.out.bias`, [v], new Float32Array(v));
    const bound = 1 / Math.sqrt(h);
    const uniform = (n: number) => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * bound);
    this.layers = Array.from({ length: spec.numLayers }, (_, l) => {
      const prefix = `${name}.rnn_${l}`;
      return {
        prefix,
        weights: {
          kernel: params.create(`${prefix}.kernel`, [h, width], uniform(h * width)) as tf.Tensor as tf.Tensor2D,
          recurrent: params.create(`${prefix}.recurrent_kernel`, [h, width], uniform(h * width)) as tf.Tensor as tf.Tensor2D,
          bias: params.create(`${prefix}.bias`, [width], uniform(width)) as tf.Tensor as tf.Tensor1D,
          recurrentBias: params.create(`${prefix}.recurrent_bias`, [width], uniform(width)) as tf.Tensor as tf.Tensor1D,
        },
      };
    });
    this.startRow = new Float32Array(v).fill(IMPOSSIBLE_LOGIT);
    this.startRow[spec.startId] = 0;
    this.stoppedRow = new Float32Array(v).fill(STOPPED_LOGIT);
    this.stoppedRow[spec.padId] = 0;
  }

  /**
   * initial [batch, H] → logits [batch, steps × vocabulary]. `target` [batch, steps] int32 (the
   * preprocessed ids, `<SOS>` first) is read in training only: teacher forcing.
   */
  forward(initial: tf.Tensor2D, ctx: ForwardContext, target?: tf.Tensor2D | null): tf.Tensor2D {
    const { steps, vocabSize, cell } = this.spec;
    const batch = initial.shape[0];
    const forced = ctx.training && target ? target : null;
    let hs: tf.Tensor2D[] = this.layers.map(() => initial);
    let cs: tf.Tensor2D[] = this.layers.map(() => initial);
    const outputs: tf.Tensor2D[] = [tf.tile(tf.tensor2d(this.startRow, [1, vocabSize]), [batch, 1])];
    let previous = tf.fill([batch], this.spec.startId, 'int32') as tf.Tensor1D;
    let done: tf.Tensor2D | null = forced ? null : tf.zeros([batch, 1]);
    const stopped = tf.tensor2d(this.stoppedRow, [1, vocabSize]);
    for (let t = 1; t < steps; t++) {
      let x = embeddingLookup(this.embeddings as tf.Tensor as tf.Tensor2D, previous);
      const nextHs: tf.Tensor2D[] = [];
      const nextCs: tf.Tensor2D[] = [];
      this.layers.forEach(({ weights }, l) => {
        const [hNew, cNew] = cellStep(cell, x, hs[l], cs[l], weights);
        nextHs.push(hNew);
        nextCs.push(cNew);
        x = hNew;
      });
      hs = nextHs;
      cs = nextCs;
      let logits = tf.add(tf.matMul(x, this.embeddings, false, true), this.outBias) as tf.Tensor2D;
      if (done) logits = tf.add(tf.mul(logits, tf.sub(1, done)), tf.mul(done, stopped)) as tf.Tensor2D;
      outputs.push(logits);
      if (t === steps - 1) break;
      if (forced && this.teacherForced(t - 1, ctx)) {
        previous = tf.reshape(tf.slice(forced, [0, t], [batch, 1]), [batch]) as tf.Tensor1D;
      } else {
        previous = tf.argMax(logits, 1) as tf.Tensor1D;
        if (done) done = tf.maximum(done, tf.reshape(tf.cast(tf.logicalOr(tf.equal(previous, this.spec.stopId), tf.equal(previous, this.spec.padId)), 'float32'), [batch, 1])) as tf.Tensor2D;
      }
    }
    return tf.reshape(tf.stack(outputs, 1), [batch, steps * vocabSize]);
  }

  /** Scheduled sampling (Bengio et al. 2015, Ludwig's `_teacher_forcing_prob`): one draw a step for the whole batch. */
  private teacherForced(step: number, ctx: ForwardContext): boolean {
    const { teacherForcingDecay: decay, teacherForcingDecayRate: rate } = this.spec;
    if (decay === 'none') return true;
    const p = decay === 'linear' ? Math.max(0, 1 - rate * step) : Math.exp(-rate * step);
    return ctx.rng.next() < p;
  }

  /** The greedy decoding of `forward` (inference) unrolled over the steps as ONNX nodes. */
  exportOnnx(g: OnnxGraph, initial: string): string {
    const { steps, vocabSize, cell } = this.spec;
    const table = g.param(`${this.name}.embeddings`);
    const tableT = g.op('Transpose', [table], { perm: attr.ints([1, 0]) });
    const bias = g.param(`${this.name}.out.bias`);
    // ones [batch, 1] from the data itself: serving refuses shapes read from data (Expand, Tile).
    const first = g.op('Slice', [initial, g.constant([0], [1], 'int64', 'starts'), g.constant([1], [1], 'int64', 'ends'), g.constant([1], [1], 'int64', 'axes')]);
    const nan = g.op('IsNaN', [first]);
    const ones = g.op('Cast', [g.op('Or', [nan, g.op('Not', [nan])])], { to: attr.int(1) });
    const stopped = g.constant(this.stoppedRow, [1, vocabSize], 'float32', 'stopped_row');
    const outputs = [g.op('Mul', [ones, g.constant(this.startRow, [1, vocabSize], 'float32', 'start_row')])];
    let done = g.op('Sub', [ones, ones]);
    let hs = this.layers.map(() => initial);
    let cs = this.layers.map(() => initial);
    // The start symbol's embedding is one row [1, H]; the first products broadcast it over the batch.
    let x = exportEmbeddingLookup(g, table, g.constant([this.spec.startId], [1], 'int64', 'start_id'));
    const stopId = g.constant([this.spec.stopId], [1], 'int64', 'stop_id');
    const padId = g.constant([this.spec.padId], [1], 'int64', 'pad_id');
    // The gate slices' bounds, made once: every step and layer reads the same ones.
    const size = this.spec.hiddenSize;
    const axes = g.constant([1], [1], 'int64', 'axes');
    const bounds = Array.from({ length: gateCount[cell] }, (_, k) => [g.constant([k * size], [1], 'int64', 'starts'), g.constant([(k + 1) * size], [1], 'int64', 'ends'), axes]);
    const part = (z: string, k: number) => g.op('Slice', [z, ...bounds[k]]);
    for (let t = 1; t < steps; t++) {
      this.layers.forEach(({ prefix }, l) => {
        const [hNew, cNew] = exportCellStep(g, cell, x, hs[l], cs[l], prefix, part);
        hs[l] = hNew;
        cs[l] = cNew;
        x = hNew;
      });
      const raw = g.op('Add', [g.op('MatMul', [x, tableT]), bias]);
      const logits = g.op('Add', [g.op('Mul', [raw, g.op('Sub', [ones, done])]), g.op('Mul', [done, stopped])]);
      outputs.push(logits);
      if (t === steps - 1) break;
      const previous = g.op('ArgMax', [logits], { axis: attr.int(1), keepdims: attr.int(0) });
      const ended = g.op('Or', [g.op('Equal', [previous, stopId]), g.op('Equal', [previous, padId])]);
      done = g.op('Max', [done, g.op('Unsqueeze', [g.op('Cast', [ended], { to: attr.int(1) }), axes])]);
      x = exportEmbeddingLookup(g, table, previous);
    }
    return g.op('Concat', outputs, { axis: attr.int(1) });
  }
}

const gate = (z: tf.Tensor2D, k: number, h: number) => tf.slice(z, [0, k * h], [z.shape[0], h]);

/**
 * One step of a PyTorch cell (gates LSTM i f g o, GRU r z n with the reset gate on U_n·h + b_hn):
 * → [h', c'] (c' is c unchanged but for an LSTM).
 */
function cellStep(cell: RnnCell, x: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, w: LayerWeights): [tf.Tensor2D, tf.Tensor2D] {
  const size = h.shape[1];
  const xw = tf.add(tf.matMul(x, w.kernel), w.bias) as tf.Tensor2D;
  const hu = tf.add(tf.matMul(h, w.recurrent), w.recurrentBias) as tf.Tensor2D;
  if (cell === 'rnn') return [tf.tanh(tf.add(xw, hu)) as tf.Tensor2D, c];
  if (cell === 'lstm') {
    const z = tf.add(xw, hu) as tf.Tensor2D;
    const [i, f, g, o] = [tf.sigmoid(gate(z, 0, size)), tf.sigmoid(gate(z, 1, size)), tf.tanh(gate(z, 2, size)), tf.sigmoid(gate(z, 3, size))];
    const cNew = tf.add(tf.mul(f, c), tf.mul(i, g)) as tf.Tensor2D;
    return [tf.mul(o, tf.tanh(cNew)) as tf.Tensor2D, cNew];
  }
  const r = tf.sigmoid(tf.add(gate(xw, 0, size), gate(hu, 0, size)));
  const z = tf.sigmoid(tf.add(gate(xw, 1, size), gate(hu, 1, size)));
  const n = tf.tanh(tf.add(gate(xw, 2, size), tf.mul(r, gate(hu, 2, size))));
  return [tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h)) as tf.Tensor2D, c];
}

/** `part(z, k)`: gate block k of z [batch, gates × H]. */
function exportCellStep(g: OnnxGraph, cell: RnnCell, x: string, h: string, c: string, prefix: string, part: (z: string, k: number) => string): [string, string] {
  const xw = g.op('Add', [g.op('MatMul', [x, g.param(`${prefix}.kernel`)]), g.param(`${prefix}.bias`)]);
  const hu = g.op('Add', [g.op('MatMul', [h, g.param(`${prefix}.recurrent_kernel`)]), g.param(`${prefix}.recurrent_bias`)]);
  if (cell === 'rnn') return [g.op('Tanh', [g.op('Add', [xw, hu])]), c];
  if (cell === 'lstm') {
    const z = g.op('Add', [xw, hu]);
    const [i, f, gg, o] = [g.op('Sigmoid', [part(z, 0)]), g.op('Sigmoid', [part(z, 1)]), g.op('Tanh', [part(z, 2)]), g.op('Sigmoid', [part(z, 3)])];
    const cNew = g.op('Add', [g.op('Mul', [f, c]), g.op('Mul', [i, gg])]);
    return [g.op('Mul', [o, g.op('Tanh', [cNew])]), cNew];
  }
  const r = g.op('Sigmoid', [g.op('Add', [part(xw, 0), part(hu, 0)])]);
  const z = g.op('Sigmoid', [g.op('Add', [part(xw, 1), part(hu, 1)])]);
  const n = g.op('Tanh', [g.op('Add', [part(xw, 2), g.op('Mul', [r, part(hu, 2)])])]);
  return [g.op('Add', [g.op('Mul', [g.op('Sub', [g.scalar(1), z]), n]), g.op('Mul', [z, h])]), c];
}
