import * as tf from '@tensorflow/tfjs-core';
import { Optimizer } from './optimizer.js';

export interface MuonOptions {
  momentum?: number;
  nesterov?: boolean;
}

/** Keller Jordan's quintic Newton–Schulz coefficients, tuned to converge fast rather than exactly. */
const NS_COEFFICIENTS = [3.4445, -4.775, 2.0315] as const;
const NS_STEPS = 5;

/**
 * Muon (Jordan et al. 2024) as Ludwig's built-in `muon`: heavy-ball momentum (optionally Nesterov);
 * a matrix's update (a tensor is flattened to rows × rest) is replaced by an approximation of its
 * orthogonal factor U Vᵀ — five Newton–Schulz iterations X ← aX + b(XXᵀ)X + c(XXᵀ)²X from X/‖X‖
 * — scaled by √max(rows, cols); vectors (biases, norm scales) take the momentum update itself.
 * The iterations are matrix products, so they run as tensor products on the backend's kernels,
 * in float32 (Ludwig's reference rounds to bfloat16 on the way).
 */
export class Muon extends Optimizer {
  constructor(private readonly options: MuonOptions) {
    super();
  }

  protected update(name: string, shape: number[], p: Float32Array, g: Float32Array, gradScale: number, lr: number): void {
    const { momentum = 0.95, nesterov = true } = this.options;
    const buf = this.slot(name, 'momentum_buffer', shape);
    const step = new Float32Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const gi = gradScale * g[i];
      const b = momentum * buf[i] + gi;
      buf[i] = b;
      step[i] = nesterov ? gi + momentum * b : b;
    }
    const direction = shape.length >= 2 ? orthogonalise(step, shape[0], p.length / shape[0]) : step;
    for (let i = 0; i < p.length; i++) p[i] -= lr * direction[i];
  }
}

/** ≈ U Vᵀ of the rows × cols matrix `values` (its SVD U S Vᵀ), times √max(rows, cols). */
export function orthogonalise(values: Float32Array, rows: number, cols: number): Float32Array {
  const [a, b, c] = NS_COEFFICIENTS;
  return tf.tidy(() => {
    let x: tf.Tensor2D = tf.tensor2d(values, [rows, cols]);
    // The Gram matrix of the shorter side is the smaller product; the iteration is the same either way.
    const transposed = rows > cols;
    if (transposed) x = x.transpose();
    x = x.div(x.norm().add(1e-7));
    for (let k = 0; k < NS_STEPS; k++) {
      const gram = tf.matMul(x, x, false, true);
      const poly = gram.mul(b).add(tf.matMul(gram, gram).mul(c));
      x = x.mul(a).add(tf.matMul(poly, x));
    }
    if (transposed) x = x.transpose();
    return x.mul(Math.sqrt(Math.max(rows, cols))).dataSync() as Float32Array;
  });
}
