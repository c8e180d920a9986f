import { Optimizer } from './optimizer.js';

export interface SgdOptions {
  momentum?: number;
  weight_decay?: number;
  dampening?: number;
  nesterov?: boolean;
}

/** SGD with momentum as PyTorch defines it (buffer starts at the first gradient). */
export class Sgd extends Optimizer {
  constructor(private readonly options: SgdOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { momentum = 0, weight_decay = 0, dampening = 0, nesterov = false } = this.options;
    const buf = momentum > 0 ? this.slot(name, 'momentum', shape) : null;
    const first = this.step === 1;
    for (let i = 0; i < p.length; i++) {
      let d = gradScale * g[i] + weight_decay * p[i];
      if (buf) {
        const b = first ? d : momentum * buf[i] + (1 - dampening) * d;
        buf[i] = b;
        d = nesterov ? d + momentum * b : b;
      }
      p[i] -= lr * d;
    }
  }
}
