import { Optimizer } from './optimizer.js';

export interface AdagradOptions {
  initial_accumulator_value?: number;
  lr_decay?: number;
  eps?: number;
  weight_decay?: number;
}

/** Adagrad (Duchi et al., 2011) as PyTorch implements it. */
export class Adagrad extends Optimizer {
  constructor(private readonly options: AdagradOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { initial_accumulator_value = 0, lr_decay = 0, eps = 1e-10, weight_decay = 0 } = this.options;
    const sum = this.slot(name, 'sum', shape, initial_accumulator_value);
    const clr = lr / (1 + (this.step - 1) * lr_decay);
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i] + weight_decay * p[i];
      const s = sum[i] + gi * gi;
      sum[i] = s;
      p[i] -= (clr * gi) / (Math.sqrt(s) + eps);
    }
  }
}
