import { Optimizer } from './optimizer.js';

export interface RmspropOptions {
  momentum?: number;
  alpha?: number;
  eps?: number;
  centered?: boolean;
  weight_decay?: number;
}

/** RMSprop (Hinton, lecture 6e) with PyTorch's `alpha`, `centered` and `momentum`. */
export class Rmsprop extends Optimizer {
  constructor(private readonly options: RmspropOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { momentum = 0, alpha = 0.99, eps = 1e-8, centered = false, weight_decay = 0 } = this.options;
    const sq = this.slot(name, 'square_avg', shape);
    const ga = centered ? this.slot(name, 'grad_avg', shape) : null;
    const buf = momentum > 0 ? this.slot(name, 'momentum', shape) : null;
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i] + weight_decay * p[i];
      const s = alpha * sq[i] + (1 - alpha) * gi * gi;
      sq[i] = s;
      let avg = s;
      if (ga) {
        const a = alpha * ga[i] + (1 - alpha) * gi;
        ga[i] = a;
        avg = s - a * a;
      }
      const step = gi / (Math.sqrt(avg) + eps);
      if (buf) {
        const b = momentum * buf[i] + step;
        buf[i] = b;
        p[i] -= lr * b;
      } else {
        p[i] -= lr * step;
      }
    }
  }
}
