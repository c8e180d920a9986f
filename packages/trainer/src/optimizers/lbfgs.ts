import type { NamedArrays } from '../model/parameters.js';
import { updateVariable } from '../backend/tensor-memory.js';
import { Optimizer, type OptimizerState, type ParameterRef } from './optimizer.js';

export interface LbfgsOptions {
  max_iter?: number;
  max_eval?: number | null;
  tolerance_grad?: number;
  tolerance_change?: number;
  history_size?: number;
}

/** The loss and the gradient of every parameter (in `parameters` order) at the current weights, on the step's batch. */
export type LbfgsClosure = () => { loss: number; grads: Float32Array[] };

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/**
 * torch.optim.LBFGS without a line search (Ludwig's lbfgs): `minimize` is one `step(closure)`,
 * up to max_iter iterations on the step's batch, each a two-loop-recursion direction and a move of
 * lr (the first iteration of all min(1, 1/|g|₁)·lr), ended early by tolerance_grad,
 * tolerance_change or max_eval as torch does. The direction, the last gradient and the history
 * carry over to the next step, and into checkpoints. In float64, over all parameters flattened
 * in the given order.
 */
export class Lbfgs extends Optimizer {
  private d: Float64Array | null = null;
  private t = 0;
  private prevFlatGrad: Float64Array | null = null;
  private prevLoss = 0;
  private oldDirs: Float64Array[] = [];
  private oldStps: Float64Array[] = [];
  private ro: number[] = [];
  private hDiag = 1;
  private nIter = 0;
  private funcEvals = 0;

  constructor(private readonly options: LbfgsOptions) {
    super();
  }

  protected update(): void {
    throw new Error('lbfgs updates through minimize(closure): it re-evaluates the loss on the same batch');
  }

  /** One optimization step; returns the loss at the weights the step started from (torch's orig_loss). */
  minimize(parameters: ParameterRef[], closure: LbfgsClosure, lr: number): number {
    const maxIter = this.options.max_iter ?? 20;
    const maxEval = this.options.max_eval ?? Math.floor((maxIter * 5) / 4);
    const toleranceGrad = this.options.tolerance_grad ?? 1e-7;
    const toleranceChange = this.options.tolerance_change ?? 1e-9;
    const historySize = this.options.history_size ?? 100;
    this.step++;
    const sizes = parameters.map((p) => p.variable.size);
    const flatten = (grads: Float32Array[]) => {
      const out = new Float64Array(sizes.reduce((a, b) => a + b, 0));
      let offset = 0;
      grads.forEach((g) => {
        for (let i = 0; i < g.length; i++) out[offset + i] = g[i];
        offset += g.length;
      });
      return out;
    };
    const addToParameters = (t: number, d: Float64Array) => {
      let offset = 0;
      parameters.forEach((p, k) => {
        const from = offset;
        updateVariable(p.variable, (values) => {
          for (let i = 0; i < values.length; i++) values[i] += t * d[from + i];
        });
        offset += sizes[k];
      });
    };

    const first = closure();
    const origLoss = first.loss;
    let loss = first.loss;
    let flatGrad = flatten(first.grads);
    let currentEvals = 1;
    this.funcEvals++;
    if (maxAbs(flatGrad) <= toleranceGrad) return origLoss;

    let nIter = 0;
    let d = this.d;
    let t = this.t;
    while (nIter < maxIter) {
      nIter++;
      this.nIter++;
      if (this.nIter === 1 || d === null || this.prevFlatGrad === null) {
        d = flatGrad.map((g) => -g);
        this.oldDirs = [];
        this.oldStps = [];
        this.ro = [];
        this.hDiag = 1;
      } else {
        const y = flatGrad.map((g, i) => g - this.prevFlatGrad![i]);
        const s = d.map((v) => v * t);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (this.oldDirs.length === historySize) {
            this.oldDirs.shift();
            this.oldStps.shift();
            this.ro.shift();
          }
          this.oldDirs.push(y);
          this.oldStps.push(s);
          this.ro.push(1 / ys);
          this.hDiag = ys / dot(y, y);
        }
        const q = flatGrad.map((g) => -g);
        const al = new Array<number>(this.oldDirs.length);
        for (let i = this.oldDirs.length - 1; i >= 0; i--) {
          al[i] = dot(this.oldStps[i], q) * this.ro[i];
          const dir = this.oldDirs[i];
          for (let j = 0; j < q.length; j++) q[j] -= al[i] * dir[j];
        }
        const r = q.map((v) => v * this.hDiag);
        for (let i = 0; i < this.oldDirs.length; i++) {
          const be = dot(this.oldDirs[i], r) * this.ro[i];
          const stp = this.oldStps[i];
          for (let j = 0; j < r.length; j++) r[j] += (al[i] - be) * stp[j];
        }
        d = r;
      }
      this.prevFlatGrad = Float64Array.from(flatGrad);
      this.prevLoss = loss;
      let l1 = 0;
      for (let i = 0; i < flatGrad.length; i++) l1 += Math.abs(flatGrad[i]);
      t = this.nIter === 1 ? Math.min(1, 1 / l1) * lr : lr;
      const gtd = dot(flatGrad, d);
      if (gtd > -toleranceChange) break;

      let evals = 0;
      addToParameters(t, d);
      let optimal = false;
      if (nIter !== maxIter) {
        const next = closure();
        loss = next.loss;
        flatGrad = flatten(next.grads);
        optimal = maxAbs(flatGrad) <= toleranceGrad;
        evals = 1;
      }
      currentEvals += evals;
      this.funcEvals += evals;
      if (nIter === maxIter || currentEvals >= maxEval || optimal) break;
      if (maxAbs(d) * Math.abs(t) <= toleranceChange) break;
      if (Math.abs(loss - this.prevLoss) < toleranceChange) break;
    }
    this.d = d;
    this.t = t;
    return origLoss;
  }

  override getState(): OptimizerState {
    const slots: NamedArrays = {};
    const put = (name: string, values: ArrayLike<number>) => {
      slots[`lbfgs/${name}`] = { shape: [values.length], values: Float32Array.from(values) };
    };
    put('scalars', [this.t, this.prevLoss, this.hDiag, this.nIter, this.funcEvals]);
    if (this.d) put('d', this.d);
    if (this.prevFlatGrad) put('prev_flat_grad', this.prevFlatGrad);
    put('ro', this.ro);
    this.oldDirs.forEach((y, i) => put(`old_dir_${i}`, y));
    this.oldStps.forEach((s, i) => put(`old_stp_${i}`, s));
    return { step: this.step, slots };
  }

  override setState(state: OptimizerState): void {
    this.step = state.step;
    const get = (name: string) => (Object.hasOwn(state.slots, `lbfgs/${name}`) ? Float64Array.from(state.slots[`lbfgs/${name}`].values) : null);
    const scalars = get('scalars') ?? Float64Array.of(0, 0, 1, 0, 0);
    [this.t, this.prevLoss, this.hDiag, this.nIter, this.funcEvals] = Array.from(scalars);
    this.d = get('d');
    this.prevFlatGrad = get('prev_flat_grad');
    this.ro = Array.from(get('ro') ?? []);
    this.oldDirs = this.ro.map((_, i) => get(`old_dir_${i}`) as Float64Array);
    this.oldStps = this.ro.map((_, i) => get(`old_stp_${i}`) as Float64Array);
  }
}

