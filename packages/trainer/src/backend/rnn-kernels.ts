import * as tf from '@tensorflow/tfjs-core';
import type { RnnActivationName } from '@overture/config';
import { paddedColumns, paddedCopy, paddedRows, workspace, type Workspace } from './rnn-workspace.js';
import { wasmSimd } from './simd/index.js';
import { multiplyOnHeap } from './simd-product.js';

/**
 * One recurrent layer direction over time as two kernels (forward, backward through time), on wasm
 * and cpu. The input projection x·W + b of every step is one product before the forward kernel (a
 * dense layer, layers/rnn.ts), so the kernels see xw [batch, seq, gates·H]; per step they run one
 * product h·U + b_h for all gates (our SIMD product on wasm, operands padded once per call, never
 * per step) and the gate math of the whole batch in one loop. Backward, the per-step product is
 * dz·Uᵀ and the recurrent weight gradient is one product Hprevᵀ·dZ over all steps at the end.
 *
 * Gates follow PyTorch (what Ludwig trains): LSTM i, f, g, o; GRU r, z, n with the reset gate
 * applied to U_n·h + b_hn (ONNX's linear_before_reset = 1). A step whose mask is 0 leaves the state
 * unchanged and outputs zeros, as a packed sequence in PyTorch would never see it.
 */

export const RNN_FORWARD = 'OvertureRnnForward';
export const RNN_BACKWARD = 'OvertureRnnBackward';

export type RnnCell = 'rnn' | 'lstm' | 'gru';
/**
 * Activations the fused cells implement (config's rnnActivationNames); each derivative is a
 * function of the activation's output, so backward needs no pre-activations.
 */
export type RnnActivation = RnnActivationName;

export const gateCount: Record<RnnCell, number> = { rnn: 1, lstm: 4, gru: 3 };

export interface RnnKernelAttrs {
  cell: RnnCell;
  /** Walk the sequence from its last step to its first (the backward half of a bidirectional layer). */
  reverse: boolean;
  activation: RnnActivation;
  recurrentActivation: RnnActivation;
  /** Keep what the backward kernel reads (false at inference: only y comes back). */
  save: boolean;
}

type Fn = (x: number) => number;
const activate: Record<RnnActivation, Fn> = {
  // tanh x = 1 − 2 / (e^{2x} + 1): one exp, ~25% faster per cell than Math.tanh in V8; exact to
  // float32 at every x (e^{2x} overflowing to ∞ gives 1, underflowing to 0 gives −1).
  tanh: (x) => 1 - 2 / (Math.exp(2 * x) + 1),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 ? x : 0),
};
const derivativeFromOutput: Record<RnnActivation, Fn> = {
  tanh: (y) => 1 - y * y,
  sigmoid: (y) => y * (1 - y),
  relu: (y) => (y > 0 ? 1 : 0),
};

/**
 * The steps in processing order, leaving out the steps no row is at: padding at the end of a
 * batch of short texts costs no product (texts are padded to max_sequence_length, often far beyond
 * most of them).
 */
function stepOrder(seq: number, reverse: boolean, mask: Float32Array | Int32Array | null, batch: number): number[] {
  const steps: number[] = [];
  for (let i = 0; i < seq; i++) {
    const t = reverse ? seq - 1 - i : i;
    let active = mask === null;
    for (let b = 0; b < batch && !active; b++) active = mask![b * seq + t] !== 0;
    if (active) steps.push(t);
  }
  return steps;
}

/** The arrays a forward step reads and writes (see rnnForward). */
interface ForwardViews {
  X: Float32Array; Y: Float32Array; GT: Float32Array; EX: Float32Array; H: Float32Array; HU: Float32Array; C: Float32Array;
}

/**
 * The gate math of one row at one step, one small function per cell so each loop stays
 * monomorphic for V8: xOff indexes xw and gates, uOff the step's h·U row, sOff the state row,
 * hOff the outputs.
 */
type ForwardCell = (v: ForwardViews, Hn: number, o: ForwardOffsets, act: Fn, ract: Fn) => void;

/** Where one row's step reads and writes: xw, gates, the step's h·U row, the state row, outputs, the saved extra. */
interface ForwardOffsets { x: number; g: number; u: number; s: number; h: number; e: number }

const forwardCell: Record<RnnCell, ForwardCell> = {
  rnn: ({ X, Y, GT, H, HU }, Hn, { x: xOff, g: gOff, u: uOff, s: sOff, h: hOff }, act) => {
    for (let j = 0; j < Hn; j++) {
      const h = act(X[xOff + j] + HU[uOff + j]);
      GT[gOff + j] = h;
      Y[hOff + j] = h;
      H[sOff + j] = h;
    }
  },
  lstm: ({ X, Y, GT, EX, H, HU, C }, Hn, { x: xOff, g: gOff, u: uOff, s: sOff, h: hOff, e: eOff }, act, ract) => {
    for (let j = 0; j < Hn; j++) {
      const i = ract(X[xOff + j] + HU[uOff + j]);
      const f = ract(X[xOff + Hn + j] + HU[uOff + Hn + j]);
      const g = act(X[xOff + 2 * Hn + j] + HU[uOff + 2 * Hn + j]);
      const o = ract(X[xOff + 3 * Hn + j] + HU[uOff + 3 * Hn + j]);
      const cp = C[sOff + j];
      const c = f * cp + i * g;
      const h = o * act(c);
      GT[gOff + j] = i; GT[gOff + Hn + j] = f; GT[gOff + 2 * Hn + j] = g; GT[gOff + 3 * Hn + j] = o;
      EX[eOff + j] = cp;
      C[sOff + j] = c;
      Y[hOff + j] = h;
      H[sOff + j] = h;
    }
  },
  gru: ({ X, Y, GT, EX, H, HU }, Hn, { x: xOff, g: gOff, u: uOff, s: sOff, h: hOff, e: eOff }, act, ract) => {
    for (let j = 0; j < Hn; j++) {
      const r = ract(X[xOff + j] + HU[uOff + j]);
      const z = ract(X[xOff + Hn + j] + HU[uOff + Hn + j]);
      const hn = HU[uOff + 2 * Hn + j];
      const n = act(X[xOff + 2 * Hn + j] + r * hn);
      const h = (1 - z) * n + z * H[sOff + j];
      GT[gOff + j] = r; GT[gOff + Hn + j] = z; GT[gOff + 2 * Hn + j] = n;
      EX[eOff + j] = hn;
      Y[hOff + j] = h;
      H[sOff + j] = h;
    }
  },
};

/**
 * Forward: xw [B, T, G·H], u [H, G·H], bh [G·H], mask [B, T] (optional) →
 * y [B, T, H] (0 at masked steps), hPrev [B, T, H] (the state each step starts from),
 * gates [B, T, G·H] (activated gate values), extra [B, T, H] (LSTM: the cell state each step starts
 * from; GRU: U_n·h + b_hn; RNN: unused, [0]).
 */
function rnnForward(ws: Workspace, inputs: { xw: tf.TensorInfo; u: tf.TensorInfo; bh: tf.TensorInfo; mask?: tf.TensorInfo }, attrs: RnnKernelAttrs): tf.TensorInfo[] {
  const { xw, u, bh, mask } = inputs;
  const [batch, seq, width] = xw.shape;
  const hidden = u.shape[0];
  const { cell } = attrs;
  const mp = paddedRows(batch);
  const np = paddedColumns(width);
  const y = ws.output([batch, seq, hidden]);
  // Without a backward pass to come, what it would read is kept for the current step only.
  const { save } = attrs;
  const steps = save ? seq : 1;
  const hPrev = save ? ws.output([batch, seq, hidden]) : ws.scratch(batch * hidden);
  const gates = save ? ws.output([batch, seq, width]) : ws.scratch(batch * width);
  const extra = save ? ws.output(cell === 'rnn' ? [0] : [batch, seq, hidden]) : ws.scratch(cell === 'rnn' ? 0 : batch * hidden);
  const uPad = paddedCopy(ws, u, hidden, width, np, false);
  const biasPad = paddedCopy(ws, bh, 1, width, np, false);
  const state = ws.scratch(mp * hidden);
  const hu = ws.scratch(mp * np);
  const cellState = new Float32Array(batch * hidden);
  const v: ForwardViews = { X: ws.view(xw), Y: ws.view(y), GT: ws.view(gates), EX: ws.view(extra), H: ws.view(state), HU: ws.view(hu), C: cellState };
  const [HP, H] = [ws.view(hPrev), v.H];
  const M = mask ? ws.values(mask) : null;
  const act = activate[attrs.activation];
  const ract = activate[attrs.recurrentActivation];
  const Hn = hidden;
  for (const t of stepOrder(seq, attrs.reverse, M, batch)) {
    ws.product(state, uPad, hu, mp, hidden, np, biasPad);
    for (let b = 0; b < batch; b++) {
      const at = b * seq + t;
      const sOff = b * hidden;
      const saved = save ? at : b * steps;
      const eOff = saved * hidden;
      for (let j = 0; j < hidden; j++) HP[eOff + j] = H[sOff + j];
      if (M && M[at] === 0) continue;
      forwardCell[cell](v, Hn, { x: at * width, g: saved * width, u: b * np, s: sOff, h: at * hidden, e: eOff }, act, ract);
    }
  }
  return save ? [y, hPrev as tf.TensorInfo, gates as tf.TensorInfo, extra as tf.TensorInfo] : [y];
}

/** The arrays a backward step reads and writes (see rnnBackward). */
interface BackwardViews {
  DY: Float32Array; Y: Float32Array; HP: Float32Array; GT: Float32Array; EX: Float32Array; DX: Float32Array; DZ: Float32Array;
  DHU: Float32Array; dh: Float32Array; dc: Float32Array; direct: Float32Array;
}

/** The gradient of one row's gate math at one step (gOff indexes gates and dxw, zOff the dz row for the step's product). */
type BackwardCell = (v: BackwardViews, Hn: number, gOff: number, zOff: number, sOff: number, hOff: number, dact: Fn, dract: Fn, act: Fn) => void;

const backwardCell: Record<RnnCell, BackwardCell> = {
  rnn: ({ DY, Y, DX, DZ, dh }, Hn, gOff, zOff, sOff, hOff, dact) => {
    for (let j = 0; j < Hn; j++) {
      const d = (dh[sOff + j] + DY[hOff + j]) * dact(Y[hOff + j]);
      DZ[zOff + j] = d; DX[gOff + j] = d;
    }
  },
  lstm: ({ DY, GT, EX, DX, DZ, dh, dc }, Hn, gOff, zOff, sOff, hOff, dact, dract, act) => {
    for (let j = 0; j < Hn; j++) {
      const dht = dh[sOff + j] + DY[hOff + j];
      const i = GT[gOff + j], f = GT[gOff + Hn + j], g = GT[gOff + 2 * Hn + j], o = GT[gOff + 3 * Hn + j];
      const cp = EX[hOff + j];
      const a = act(f * cp + i * g);
      const dct = dc[sOff + j] + dht * o * dact(a);
      dc[sOff + j] = dct * f;
      const di = dct * g * dract(i);
      const df = dct * cp * dract(f);
      const dg = dct * i * dact(g);
      const dout = dht * a * dract(o);
      DZ[zOff + j] = di; DZ[zOff + Hn + j] = df; DZ[zOff + 2 * Hn + j] = dg; DZ[zOff + 3 * Hn + j] = dout;
      DX[gOff + j] = di; DX[gOff + Hn + j] = df; DX[gOff + 2 * Hn + j] = dg; DX[gOff + 3 * Hn + j] = dout;
    }
  },
  gru: ({ DY, HP, GT, EX, DX, DZ, DHU, dh, direct }, Hn, gOff, zOff, sOff, hOff, dact, dract) => {
    for (let j = 0; j < Hn; j++) {
      const dht = dh[sOff + j] + DY[hOff + j];
      const r = GT[gOff + j], z = GT[gOff + Hn + j], n = GT[gOff + 2 * Hn + j];
      const hn = EX[hOff + j];
      const dzz = dht * (HP[hOff + j] - n) * dract(z);
      direct[sOff + j] = dht * z;
      const dzn = dht * (1 - z) * dact(n);
      const dzr = dzn * hn * dract(r);
      DX[gOff + j] = dzr; DX[gOff + Hn + j] = dzz; DX[gOff + 2 * Hn + j] = dzn;
      DHU[gOff + j] = dzr; DHU[gOff + Hn + j] = dzz; DHU[gOff + 2 * Hn + j] = dzn * r;
      DZ[zOff + j] = dzr; DZ[zOff + Hn + j] = dzz; DZ[zOff + 2 * Hn + j] = dzn * r;
    }
  },
};

/**
 * Backward through time: dy [B, T, H] and the forward's saved tensors → dxw [B, T, G·H] (the
 * gradient of the input projection, which the dense layer before turns into dx, dW and db),
 * du [H, G·H], dbh [G·H]. State gradients flow through masked steps unchanged.
 */
function rnnBackward(
  ws: Workspace,
  inputs: { dy: tf.TensorInfo; u: tf.TensorInfo; y: tf.TensorInfo; hPrev: tf.TensorInfo; gates: tf.TensorInfo; extra: tf.TensorInfo; mask?: tf.TensorInfo },
  attrs: RnnKernelAttrs,
): tf.TensorInfo[] {
  const { dy, u, y, hPrev, gates, extra, mask } = inputs;
  const [batch, seq, hidden] = dy.shape;
  const width = u.shape[1];
  const { cell } = attrs;
  const mp = paddedRows(batch);
  const nh = paddedColumns(hidden);
  const dxw = ws.output([batch, seq, width]);
  const du = ws.output([hidden, width]);
  const dbh = ws.output([width]);
  // GRU's recurrent pre-activation gradient differs from the input one in the n gate (times r).
  const dhuAll = cell === 'gru' ? ws.scratch(batch * seq * width) : -1;
  const uT = paddedCopy(ws, u, width, hidden, nh, true);
  const dz = ws.scratch(mp * width);
  const back = ws.scratch(mp * nh);
  const dh = new Float32Array(batch * hidden);
  const dc = new Float32Array(batch * hidden);
  const direct = new Float32Array(batch * hidden);
  const [DX, DZ, BK] = [ws.view(dxw), ws.view(dz), ws.view(back)];
  const v: BackwardViews = {
    DY: ws.view(dy), Y: ws.view(y), HP: ws.view(hPrev), GT: ws.view(gates), EX: ws.view(extra), DX, DZ,
    DHU: dhuAll >= 0 ? ws.view(dhuAll) : DX, dh, dc, direct,
  };
  const M = mask ? ws.values(mask) : null;
  const dact = derivativeFromOutput[attrs.activation];
  const dract = derivativeFromOutput[attrs.recurrentActivation];
  const act = activate[attrs.activation];
  const Hn = hidden;
  for (const t of stepOrder(seq, !attrs.reverse, M, batch)) {
    for (let b = 0; b < batch; b++) {
      const at = b * seq + t;
      const zOff = b * width;
      if (M && M[at] === 0) { DZ.fill(0, zOff, zOff + width); continue; }
      const sOff = b * hidden;
      const hOff = at * hidden;
      const gOff = at * width;
      backwardCell[cell](v, Hn, gOff, zOff, sOff, hOff, dact, dract, act);
    }
    ws.product(dz, uT, back, mp, width, nh, ws.simd ? 0 : -1);
    for (let b = 0; b < batch; b++) {
      if (M && M[b * seq + t] === 0) continue;
      const sOff = b * hidden;
      const bOff = b * nh;
      if (cell === 'gru') for (let j = 0; j < Hn; j++) dh[sOff + j] = BK[bOff + j] + direct[sOff + j];
      else for (let j = 0; j < Hn; j++) dh[sOff + j] = BK[bOff + j];
    }
  }
  recurrentWeightGradients(ws, hPrev, dhuAll >= 0 ? dhuAll : dxw, du, dbh, batch * seq, hidden, width);
  return [dxw, du, dbh];
}

/** du = Hprevᵀ·dZ over every (row, step), dbh = the column sums of dZ. */
function recurrentWeightGradients(ws: Workspace, hPrev: tf.TensorInfo, dhu: tf.TensorInfo | number, du: tf.TensorInfo, dbh: tf.TensorInfo, rows: number, hidden: number, width: number): void {
  const simd = ws.simd;
  if (simd) {
    const dhuAddress = typeof dhu === 'number' ? dhu : ws.address(dhu);
    if (rows > 0) {
      multiplyOnHeap(simd, ws.address(hPrev), dhuAddress, ws.address(du), hidden, rows, width, { transposeA: true });
      simd.kernels.columnSums(dhuAddress, rows, width, ws.address(dbh), 1);
    }
    return;
  }
  const [HP, DZ, DU, DB] = [ws.view(hPrev), ws.view(dhu), ws.view(du), ws.view(dbh)];
  for (let r = 0; r < rows; r++) {
    const zOff = r * width;
    for (let k = 0; k < width; k++) DB[k] += DZ[zOff + k];
    for (let i = 0; i < hidden; i++) {
      const h = HP[r * hidden + i];
      if (h === 0) continue;
      const uOff = i * width;
      for (let k = 0; k < width; k++) DU[uOff + k] += h * DZ[zOff + k];
    }
  }
}

let registered = false;

function registerRnnKernels(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ['wasm', 'cpu'] as const) {
    const onWasm = backendName === 'wasm';
    const run = (body: (ws: Workspace) => tf.TensorInfo[]) => (args: Parameters<tf.KernelFunc>[0]) => {
      const ws = workspace(args.backend, onWasm);
      try {
        return body(ws);
      } finally {
        ws.release();
      }
    };
    if (!tf.getKernel(RNN_FORWARD, backendName)) {
      tf.registerKernel({
        kernelName: RNN_FORWARD, backendName,
        kernelFunc: (args) => run((ws) => rnnForward(ws, args.inputs as never, args.attrs as unknown as RnnKernelAttrs))(args),
      });
    }
    if (!tf.getKernel(RNN_BACKWARD, backendName)) {
      tf.registerKernel({
        kernelName: RNN_BACKWARD, backendName,
        kernelFunc: (args) => run((ws) => rnnBackward(ws, args.inputs as never, args.attrs as unknown as RnnKernelAttrs))(args),
      });
    }
  }
}

/** Whether the running backend has the recurrent kernels (wasm with SIMD, cpu); tfjs-node uses the tensor-op cells. */
export function rnnKernelsAvailable(): boolean {
  const backend = tf.getBackend();
  if (backend === 'wasm' && wasmSimd() === null) return false;
  if (backend !== 'wasm' && backend !== 'cpu') return false;
  registerRnnKernels();
  return true;
}

export function runRnnKernel(name: typeof RNN_FORWARD | typeof RNN_BACKWARD, inputs: tf.NamedTensorMap, attrs: RnnKernelAttrs): tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}
