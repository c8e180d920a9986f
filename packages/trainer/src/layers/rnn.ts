import * as tf from '@tensorflow/tfjs-core';
import {
  gateCount, RNN_BACKWARD, RNN_FORWARD, rnnKernelsAvailable, runRnnKernel, type RnnActivation, type RnnCell, type RnnKernelAttrs,
} from '../backend/rnn-kernels.js';
import { denseForward } from './dense.js';

export { gateCount, type RnnActivation, type RnnCell } from '../backend/rnn-kernels.js';

/** What a recurrent direction computes (the kernels' attributes but for what they keep). */
export type RnnCellAttrs = Omit<RnnKernelAttrs, 'save'>;

export interface RecurrentOptions {
  /** False when x is data: the input projection computes no input gradient. */
  inputNeedsGradient?: boolean;
  /** No gradient will be asked for (evaluation, prediction): the kernel keeps nothing for a backward pass. */
  inference?: boolean;
}

/**
 * The weights of one direction of one recurrent layer, in the layout of x·W products, gate blocks
 * in PyTorch's order (LSTM i f g o, GRU r z n): kernel [in, G·H], recurrent [H, G·H], and, as in
 * PyTorch, an input bias and a recurrent bias of G·H each (GRU needs b_hn apart; the others add up).
 */
export interface RnnWeights {
  kernel: tf.Tensor2D;
  recurrent: tf.Tensor2D;
  bias: tf.Tensor1D;
  recurrentBias: tf.Tensor1D;
}

/**
 * One direction of a recurrent layer over x [batch, seq, in] → [batch, seq, H]. `mask` [batch, seq]
 * (int32 or float, 0 = padded step) or null: a padded step keeps the state and outputs zeros.
 * On wasm and cpu: one product for the input projection of all steps, then the fused kernels of
 * backend/rnn-kernels.ts forward and backward through time; elsewhere the tensor-op cells of
 * `recurrentReference`.
 */
export function recurrentDirection(
  x: tf.Tensor3D, w: RnnWeights, mask: tf.Tensor2D | null, cell: RnnCellAttrs, options: RecurrentOptions = {},
): tf.Tensor3D {
  const [batch, seq, inSize] = x.shape;
  const width = w.recurrent.shape[1];
  if (width !== gateCount[cell.cell] * w.recurrent.shape[0]) throw new Error(`recurrentDirection: a ${cell.cell} cell needs ${gateCount[cell.cell]} gates`);
  if (!rnnKernelsAvailable()) return recurrentReference(x, w, mask, cell);
  const xw = tf.reshape(denseForward(tf.reshape(x, [batch * seq, inSize]), w.kernel, w.bias, 'linear', options.inputNeedsGradient ?? true), [batch, seq, width]);
  if (options.inference) {
    const inputs: tf.NamedTensorMap = { xw, u: w.recurrent, bh: w.recurrentBias };
    if (mask) inputs.mask = mask;
    return runRnnKernel(RNN_FORWARD, inputs, { ...cell, save: false })[0] as tf.Tensor3D;
  }
  const attrs: RnnKernelAttrs = { ...cell, save: true };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [projected, u, bh] = args as tf.Tensor[];
    const m = mask ? (args[3] as tf.Tensor) : null;
    const [y, hPrev, gates, extra] = runRnnKernel(RNN_FORWARD, m ? { xw: projected, u, bh, mask: m } : { xw: projected, u, bh }, attrs);
    save(m ? [u, y, hPrev, gates, extra, m] : [u, y, hPrev, gates, extra]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [su, sy, sh, sg, se, sm] = saved;
        const inputs: tf.NamedTensorMap = { dy, u: su, y: sy, hPrev: sh, gates: sg, extra: se };
        if (sm) inputs.mask = sm;
        const [dxw, du, dbh] = runRnnKernel(RNN_BACKWARD, inputs, attrs);
        return sm ? [dxw, du, dbh, tf.zerosLike(sm)] : [dxw, du, dbh];
      },
    };
  });
  return (mask ? op(xw, w.recurrent, w.recurrentBias, mask) : op(xw, w.recurrent, w.recurrentBias)) as tf.Tensor3D;
}

const tensorActivation: Record<RnnActivation, (x: tf.Tensor) => tf.Tensor> = {
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  relu: (x) => tf.relu(x),
};

/**
 * The same cells written as plain tfjs ops, a handful per step (what the kernels replace): the
 * reference the kernels are tested against, and the path on backends without them (tfjs-node).
 */
export function recurrentReference(x: tf.Tensor3D, w: RnnWeights, mask: tf.Tensor2D | null, attrs: RnnCellAttrs): tf.Tensor3D {
  const [batch, seq, inSize] = x.shape;
  const hidden = w.recurrent.shape[0];
  const width = w.recurrent.shape[1];
  const act = tensorActivation[attrs.activation];
  const ract = tensorActivation[attrs.recurrentActivation];
  const xw = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [batch * seq, inSize]), w.kernel), w.bias), [batch, seq, width]);
  const keep = mask ? tf.cast(tf.notEqual(mask, 0), 'float32') : null;
  let h: tf.Tensor = tf.zeros([batch, hidden]);
  let c: tf.Tensor = tf.zeros([batch, hidden]);
  const outputs: tf.Tensor[] = new Array(seq);
  const order = Array.from({ length: seq }, (_, i) => (attrs.reverse ? seq - 1 - i : i));
  for (const t of order) {
    const xt = tf.reshape(tf.slice(xw, [0, t, 0], [batch, 1, width]), [batch, width]);
    const hu = tf.add(tf.matMul(h, w.recurrent), w.recurrentBias);
    const gate = (k: number, from: tf.Tensor) => tf.slice(from, [0, k * hidden], [batch, hidden]);
    let hNew: tf.Tensor;
    let cNew: tf.Tensor = c;
    if (attrs.cell === 'rnn') {
      hNew = act(tf.add(xt, hu));
    } else if (attrs.cell === 'lstm') {
      const z = tf.add(xt, hu);
      const [i, f, g, o] = [ract(gate(0, z)), ract(gate(1, z)), act(gate(2, z)), ract(gate(3, z))];
      cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
      hNew = tf.mul(o, act(cNew));
    } else {
      const r = ract(tf.add(gate(0, xt), gate(0, hu)));
      const z = ract(tf.add(gate(1, xt), gate(1, hu)));
      const n = act(tf.add(gate(2, xt), tf.mul(r, gate(2, hu))));
      hNew = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
    }
    if (keep) {
      const m = tf.reshape(tf.slice(keep, [0, t], [batch, 1]), [batch, 1]);
      const hold = (next: tf.Tensor, prev: tf.Tensor) => tf.add(tf.mul(m, next), tf.mul(tf.sub(1, m), prev));
      outputs[t] = tf.mul(m, hNew);
      h = hold(hNew, h);
      c = hold(cNew, c);
    } else {
      outputs[t] = hNew;
      h = hNew;
      c = cNew;
    }
  }
  return tf.stack(outputs, 1) as tf.Tensor3D;
}
