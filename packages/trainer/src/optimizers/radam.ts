import { adamFamilyDefaults, type AdamFamilyOptions } from './adam.js';
import { Optimizer } from './optimizer.js';

export type RadamOptions = AdamFamilyOptions;

/**
 * RAdam (Liu et al. 2020) as torch.optim.RAdam: while the length ρ_t of the approximated simple
 * moving average is at most 5 the adaptive term's variance is intractable and the step is plain
 * momentum SGD; after that Adam's step times the rectification r_t.
 */
export class Radam extends Optimizer {
  constructor(private readonly options: RadamOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { beta1, beta2, eps, weightDecay: weight_decay } = adamFamilyDefaults(this.options);
    const t = this.step;
    const biasCorrection1 = 1 - beta1 ** t;
    const biasCorrection2 = 1 - beta2 ** t;
    const rhoInf = 2 / (1 - beta2) - 1;
    const rho = rhoInf - (2 * t * beta2 ** t) / biasCorrection2;
    const rectification = rho > 5 ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho)) : 0;
    const m = this.slot(name, 'm', shape);
    const v = this.slot(name, 'v', shape);
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i] + weight_decay * p[i];
      const mi = beta1 * m[i] + (1 - beta1) * gi;
      const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      const mHat = mi / biasCorrection1;
      p[i] -= rho > 5 ? (lr * mHat * rectification * Math.sqrt(biasCorrection2)) / (Math.sqrt(vi) + eps) : lr * mHat;
    }
  }
}
