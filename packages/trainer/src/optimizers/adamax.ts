import { adamFamilyDefaults, type AdamFamilyOptions } from './adam.js';
import { Optimizer } from './optimizer.js';

export type AdamaxOptions = AdamFamilyOptions;

/** Adamax (Kingma & Ba 2015, §7) as torch.optim.Adamax: the second moment is an exponentially weighted infinity norm. */
export class Adamax extends Optimizer {
  constructor(private readonly options: AdamaxOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { beta1, beta2, eps, weightDecay: weight_decay } = adamFamilyDefaults(this.options);
    const m = this.slot(name, 'm', shape);
    const u = this.slot(name, 'u', shape);
    const stepSize = lr / (1 - beta1 ** this.step);
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i] + weight_decay * p[i];
      const mi = beta1 * m[i] + (1 - beta1) * gi;
      const ui = Math.max(beta2 * u[i], Math.abs(gi) + eps);
      m[i] = mi;
      u[i] = ui;
      p[i] -= (stepSize * mi) / ui;
    }
  }
}
