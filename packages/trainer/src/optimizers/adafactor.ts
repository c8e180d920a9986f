import { Optimizer } from './optimizer.js';

export interface AdafactorOptions {
  lr?: number | null;
  scale_parameter?: boolean;
  relative_step?: boolean;
  warmup_init?: boolean;
}

/** transformers' constants, which Ludwig does not expose: ε1, ε2, the update clip d and the decay exponent. */
const EPS1 = 1e-30;
const EPS2 = 1e-3;
const CLIP_THRESHOLD = 1;
const DECAY_RATE = -0.8;

const rms = (values: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum / Math.max(1, values.length));
};

/**
 * Adafactor (Shazeer & Stern 2018) as transformers' Adafactor without first moment, Ludwig's
 * `adafactor`. Matrices (and the last two axes of larger tensors) keep only row and column means
 * of the squared gradient; vectors keep the full average. The update is clipped to RMS ≤ 1 and
 * sized relative to the parameter's RMS. With `relative_step` the step is min(1e-2, 1/√t) (or
 * 1e-6·t while `warmup_init`) and the trainer's learning rate is ignored, as in transformers.
 */
export class Adafactor extends Optimizer {
  constructor(private readonly options: AdafactorOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { scale_parameter = true, relative_step = true, warmup_init = false } = this.options;
    const t = this.step;
    const stepSize = relative_step ? Math.min(warmup_init ? 1e-6 * t : 1e-2, 1 / Math.sqrt(t)) : lr;
    const alpha = (scale_parameter ? Math.max(EPS2, rms(p)) : 1) * stepSize;
    const beta2 = 1 - t ** DECAY_RATE;
    const update = new Float32Array(p.length);
    if (shape.length >= 2) {
      const cols = shape[shape.length - 1];
      const rows = shape[shape.length - 2];
      const blocks = p.length / (rows * cols);
      const rowAvg = this.slot(name, 'exp_avg_sq_row', [blocks, rows]);
      const colAvg = this.slot(name, 'exp_avg_sq_col', [blocks, cols]);
      for (let b = 0; b < blocks; b++) {
        const base = b * rows * cols;
        const colMeans = new Float64Array(cols);
        let rowTotal = 0;
        for (let r = 0; r < rows; r++) {
          let rowSum = 0;
          for (let c = 0; c < cols; c++) {
            const gi = gradScale * g[base + r * cols + c];
            const sq = gi * gi + EPS1;
            rowSum += sq;
            colMeans[c] += sq / rows;
          }
          const next = beta2 * rowAvg[b * rows + r] + (1 - beta2) * (rowSum / cols);
          rowAvg[b * rows + r] = next;
          rowTotal += next;
        }
        for (let c = 0; c < cols; c++) colAvg[b * cols + c] = beta2 * colAvg[b * cols + c] + (1 - beta2) * colMeans[c];
        // v̂ = R Cᵀ / mean(R): the rank-1 estimate of the squared gradient's running average.
        const rowMean = rowTotal / rows;
        for (let r = 0; r < rows; r++) {
          const rowFactor = 1 / Math.sqrt(rowAvg[b * rows + r] / rowMean);
          for (let c = 0; c < cols; c++) {
            const i = base + r * cols + c;
            update[i] = rowFactor * (1 / Math.sqrt(colAvg[b * cols + c])) * gradScale * g[i];
          }
        }
      }
    } else {
      const avg = this.slot(name, 'exp_avg_sq', shape);
      for (let i = 0; i < p.length; i++) {
        const gi = gradScale * g[i];
        avg[i] = beta2 * avg[i] + (1 - beta2) * (gi * gi + EPS1);
        update[i] = gi / Math.sqrt(avg[i]);
      }
    }
    const scale = alpha / Math.max(1, rms(update) / CLIP_THRESHOLD);
    for (let i = 0; i < p.length; i++) p[i] -= scale * update[i];
  }
}
