import type { LearningRateSchedulerConfig } from '@overture/config';

/**
 * Ludwig's learning rate schedule: linear warmup, then linear / exponential / cosine (with warm
 * restarts) decay, times a factor that reduce-on-plateau lowers. The only mutable state is
 * that factor and its bookkeeping, which checkpoints save.
 */
export class LearningRateSchedule {
  factor = 1;
  reductions = 0;
  evaluationsWithoutImprovement = 0;
  private best: number | null = null;

  constructor(
    private readonly config: LearningRateSchedulerConfig,
    private readonly baseRate: number,
    private readonly totalSteps: number,
    private readonly stepsPerEpoch: number,
    private readonly stepsPerEvaluation: number,
  ) {}

  private warmupSteps(): number {
    const fromFraction = Math.round(this.config.warmup_fraction * this.totalSteps);
    const fromEvaluations = this.config.warmup_evaluations * this.stepsPerEvaluation;
    return Math.max(fromFraction, fromEvaluations);
  }

  /** Learning rate for the given 0-based step. */
  rate(step: number): number {
    const warmup = this.warmupSteps();
    if (step < warmup) return (this.baseRate * (step + 1)) / warmup * this.factor;
    const t = step - warmup;
    const span = Math.max(1, this.totalSteps - warmup);
    let lr = this.baseRate;
    switch (this.config.decay) {
      case 'linear':
        lr = this.baseRate * Math.max(0, 1 - t / span);
        break;
      case 'exponential': {
        const exponent = t / this.config.decay_steps;
        lr = this.baseRate * this.config.decay_rate ** (this.config.staircase ? Math.floor(exponent) : exponent);
        break;
      }
      case 'cosine': {
        let period = this.config.t_0 ?? this.stepsPerEpoch;
        let position = t;
        while (position >= period) {
          position -= period;
          period *= this.config.t_mult;
        }
        lr = this.config.eta_min + ((this.baseRate - this.config.eta_min) * (1 + Math.cos((Math.PI * position) / period))) / 2;
        break;
      }
      default:
        break;
    }
    return lr * this.factor;
  }

  /** Feeds one evaluation of `reduce_eval_metric`; lowers the rate after `reduce_on_plateau_patience` without improvement. */
  observe(value: number, better: (candidate: number, best: number) => boolean): void {
    if (this.config.reduce_on_plateau <= 0) return;
    if (this.best === null || better(value, this.best)) {
      this.best = value;
      this.evaluationsWithoutImprovement = 0;
      return;
    }
    this.evaluationsWithoutImprovement++;
    // As PyTorch's ReduceLROnPlateau (Ludwig's): reduce once the count exceeds the patience.
    if (this.evaluationsWithoutImprovement > this.config.reduce_on_plateau_patience && this.reductions < this.config.reduce_on_plateau) {
      this.factor *= this.config.reduce_on_plateau_rate;
      this.reductions++;
      this.evaluationsWithoutImprovement = 0;
    }
  }

  getState() {
    return { factor: this.factor, reductions: this.reductions, evaluationsWithoutImprovement: this.evaluationsWithoutImprovement, best: this.best };
  }

  setState(s: ReturnType<LearningRateSchedule['getState']>): void {
    this.factor = s.factor;
    this.reductions = s.reductions;
    this.evaluationsWithoutImprovement = s.evaluationsWithoutImprovement;
    this.best = s.best;
  }
}
