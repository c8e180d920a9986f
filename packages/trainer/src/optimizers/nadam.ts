import { adamFamilyDefaults, type AdamFamilyOptions } from './adam.js';
import { Optimizer } from './optimizer.js';

export interface NadamOptions extends AdamFamilyOptions {
  momentum_decay?: number;
}

/**
 * NAdam (Dozat 2016) as torch.optim.NAdam: Adam whose step mixes the current gradient and the
 * momentum with the momentum schedule μ_t = β1 (1 − ½·0.96^(t·ψ)). The product of the μ's is a
 * function of the step alone, so it is not checkpointed: it is advanced to the current step once
 * (after a resume, from step 1), not recomputed from step 1 for every parameter at every step.
 */
export class Nadam extends Optimizer {
  #muProduct = 1;
  #muProductStep = 0;

  constructor(private readonly options: NadamOptions) {
    super();
  }

  /** μ_1 · … · μ_step, multiplied in the same order as a loop from step 1 would. */
  #productTo(step: number, mu: (t: number) => number): number {
    if (this.#muProductStep > step) {
      this.#muProduct = 1;
      this.#muProductStep = 0;
    }
    while (this.#muProductStep < step) this.#muProduct *= mu(++this.#muProductStep);
    return this.#muProduct;
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { beta1, beta2, eps, weightDecay: weight_decay } = adamFamilyDefaults(this.options);
    const { momentum_decay = 4e-3 } = this.options;
    const mu = (t: number) => beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay));
    const muProduct = this.#productTo(this.step, mu);
    const muNow = mu(this.step);
    const muNext = mu(this.step + 1);
    const gradStep = (lr * (1 - muNow)) / (1 - muProduct);
    const momentumStep = (lr * muNext) / (1 - muProduct * muNext);
    const biasCorrection2 = 1 - beta2 ** this.step;
    const m = this.slot(name, 'm', shape);
    const v = this.slot(name, 'v', shape);
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i] + weight_decay * p[i];
      const mi = beta1 * m[i] + (1 - beta1) * gi;
      const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      const denom = Math.sqrt(vi / biasCorrection2) + eps;
      p[i] -= (gradStep * gi + momentumStep * mi) / denom;
    }
  }
}
