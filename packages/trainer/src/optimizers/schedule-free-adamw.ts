import { readValues, updateVariable } from '../backend/tensor-memory.js';
import { Optimizer, type ParameterRef } from './optimizer.js';

export interface ScheduleFreeAdamWOptions {
  betas?: [number, number] | number[];
  eps?: number;
  weight_decay?: number;
  warmup_steps?: number;
}

/**
 * Schedule-Free AdamW (Defazio et al. 2024, "The Road Less Scheduled"), as the `schedulefree`
 * package's AdamWScheduleFree that Ludwig runs (r = 0, weight_lr_power = 2). Three sequences:
 * z takes the AdamW steps, x is the weighted average of the z's (c_t = γ_t² / Σγ²), and the
 * gradient is taken at y = (1 − β1) z + β1 x, which the variables hold while training. The
 * variables hold x while evaluating, for best-model selection and in the saved model, as the
 * paper evaluates. Only y and z are stored (x = (y − (1 − β1) z) / β1); the largest learning rate
 * seen and Σγ² are kept in a two-number slot, so a checkpoint resumes exactly.
 */
export class ScheduleFreeAdamW extends Optimizer {
  private stepScalars = { step: -1, ckp1: 0, yStep: 0, lr: 0 };
  /** The training iterates y, kept while the variables hold x. */
  private trainingWeights: Map<string, Float32Array> | null = null;

  constructor(private readonly options: ScheduleFreeAdamWOptions) {
    super();
  }

  private get beta1(): number {
    return this.options.betas?.[0] ?? 0.9;
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const beta2 = this.options.betas?.[1] ?? 0.999;
    const { eps = 1e-8, weight_decay = 0 } = this.options;
    const { ckp1, yStep, lr: scheduledLr } = this.scalarsOf(lr);
    const fresh = !this.slots().has(`${name}/z`);
    const z = this.slot(name, 'z', shape);
    if (fresh) z.set(p);
    const v = this.slot(name, 'exp_avg_sq', shape);
    const biasCorrection2 = 1 - beta2 ** this.step;
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i];
      const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      v[i] = vi;
      const y = p[i];
      const normalized = gi / (Math.sqrt(vi / biasCorrection2) + eps) + weight_decay * y;
      // y ← (1 − c) y + c z + γ (β1 (1 − c) − 1) ĝ, then z ← z − γ ĝ: x moves toward the new z by c.
      p[i] = y + ckp1 * (z[i] - y) + yStep * normalized;
      z[i] -= scheduledLr * normalized;
    }
  }

  /** This step's warmed-up learning rate and averaging weight (once per step, for every parameter). */
  private scalarsOf(lr: number) {
    if (this.stepScalars.step === this.step) return this.stepScalars;
    const warmup = this.options.warmup_steps ?? 0;
    const scheduledLr = lr * (this.step <= warmup ? this.step / warmup : 1);
    const scalars = this.slot('__schedule_free__', 'lr_max_and_weight_sum', [2]);
    const lrMax = Math.max(scalars[0], scheduledLr);
    const weight = lrMax ** 2;
    const weightSum = scalars[1] + weight;
    scalars[0] = lrMax;
    scalars[1] = weightSum;
    const ckp1 = weightSum > 0 ? weight / weightSum : 0;
    this.stepScalars = { step: this.step, ckp1, yStep: scheduledLr * (this.beta1 * (1 - ckp1) - 1), lr: scheduledLr };
    return this.stepScalars;
  }

  override useEvaluationWeights(parameters: ParameterRef[]): void {
    if (this.trainingWeights) return;
    const kept = new Map<string, Float32Array>();
    const beta1 = this.beta1;
    for (const { name, variable } of parameters) {
      if (!this.slots().has(`${name}/z`)) continue;
      kept.set(name, readValues(variable).slice());
      updateVariable(variable, (y) => {
        const z = this.slots().view(`${name}/z`);
        for (let i = 0; i < y.length; i++) y[i] = (y[i] - (1 - beta1) * z[i]) / beta1;
      });
    }
    this.trainingWeights = kept;
  }

  override useTrainingWeights(parameters: ParameterRef[]): void {
    const kept = this.trainingWeights;
    if (!kept) return;
    for (const { name, variable } of parameters) {
      const y = kept.get(name);
      if (y) updateVariable(variable, (values) => values.set(y));
    }
    this.trainingWeights = null;
  }

  override setState(state: Parameters<Optimizer['setState']>[0]): void {
    super.setState(state);
    this.stepScalars = { step: -1, ckp1: 0, yStep: 0, lr: 0 };
  }
}
