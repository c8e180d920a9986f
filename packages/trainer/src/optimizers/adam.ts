import { Optimizer } from './optimizer.js';

export interface AdamOptions {
  betas?: [number, number] | number[];
  eps?: number;
  weight_decay?: number;
  amsgrad?: boolean;
}

/** Adam (Kingma & Ba, 2015); `decoupled` gives AdamW (Loshchilov & Hutter, 2019). */
export class Adam extends Optimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly amsgrad: boolean;

  constructor(options: AdamOptions, private readonly decoupled = false) {
    super();
    this.beta1 = options.betas?.[0] ?? 0.9;
    this.beta2 = options.betas?.[1] ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weight_decay ?? 0;
    this.amsgrad = options.amsgrad ?? false;
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { beta1, beta2, eps } = this;
    const m = this.slot(name, 'm', shape);
    const v = this.slot(name, 'v', shape);
    const vMax = this.amsgrad ? this.slot(name, 'v_max', shape) : null;
    const l2 = this.decoupled ? 0 : this.weightDecay;
    const decay = this.decoupled ? lr * this.weightDecay : 0;
    const stepSize = lr / (1 - beta1 ** this.step);
    const biasCorrection2 = Math.sqrt(1 - beta2 ** this.step);
    const b1 = 1 - beta1;
    const b2 = 1 - beta2;
    const inverseCorrection2 = 1 / biasCorrection2;
    if (!vMax) {
      for (let i = 0; i < p.length; i++) {
        const pi = p[i];
        const gi = gradScale * g[i] + l2 * pi;
        const mi = beta1 * m[i] + b1 * gi;
        const vi = beta2 * v[i] + b2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] = pi - (stepSize * mi) / (Math.sqrt(vi) * inverseCorrection2 + eps) - decay * pi;
      }
      return;
    }
    for (let i = 0; i < p.length; i++) {
      const pi = p[i];
      const gi = gradScale * g[i] + l2 * pi;
      const mi = beta1 * m[i] + b1 * gi;
      const vi = beta2 * v[i] + b2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      const vUsed = Math.max(vMax[i], vi);
      vMax[i] = vUsed;
      p[i] = pi - (stepSize * mi) / (Math.sqrt(vUsed) * inverseCorrection2 + eps) - decay * pi;
    }
  }
}
