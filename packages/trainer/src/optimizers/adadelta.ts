import { Optimizer } from './optimizer.js';

export interface AdadeltaOptions {
  rho?: number;
  eps?: number;
  weight_decay?: number;
}

/** Adadelta (Zeiler 2012) as torch.optim.Adadelta, the step scaled by the trainer's learning rate. */
export class Adadelta extends Optimizer {
  constructor(private readonly options: AdadeltaOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { rho = 0.9, eps = 1e-6, weight_decay = 0 } = this.options;
    const squareAvg = this.slot(name, 'square_avg', shape);
    const accDelta = this.slot(name, 'acc_delta', shape);
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i] + weight_decay * p[i];
      const s = rho * squareAvg[i] + (1 - rho) * gi * gi;
      squareAvg[i] = s;
      const delta = (Math.sqrt(accDelta[i] + eps) / Math.sqrt(s + eps)) * gi;
      accDelta[i] = rho * accDelta[i] + (1 - rho) * delta * delta;
      p[i] -= lr * delta;
    }
  }
}
