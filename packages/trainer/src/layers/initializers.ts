import type { SeededRandom } from '../util/random.js';

/**
 * Weight initializers (Ludwig/Keras names), drawn from our seeded PRNG in JS so the same
 * seed gives the same initial weights on every backend.
 */
export type InitializerName =
  | 'xavier_uniform' | 'xavier_normal' | 'glorot_uniform' | 'glorot_normal'
  | 'kaiming_uniform' | 'kaiming_normal' | 'he_uniform' | 'he_normal'
  | 'zeros' | 'ones' | 'normal' | 'uniform';

export function initialize(name: string | null | undefined, shape: number[], rng: SeededRandom): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const fanIn = shape.length >= 2 ? shape[0] : shape[0] ?? 1;
  const fanOut = shape.length >= 2 ? shape[1] : shape[0] ?? 1;
  const out = new Float32Array(size);
  const uniform = (limit: number) => { for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit; };
  const normal = (std: number) => { for (let i = 0; i < size; i++) out[i] = rng.nextGaussian() * std; };
  switch (name ?? 'xavier_uniform') {
    case 'zeros': break;
    case 'ones': out.fill(1); break;
    case 'xavier_uniform': case 'glorot_uniform': uniform(Math.sqrt(6 / (fanIn + fanOut))); break;
    case 'xavier_normal': case 'glorot_normal': normal(Math.sqrt(2 / (fanIn + fanOut))); break;
    case 'kaiming_uniform': case 'he_uniform': uniform(Math.sqrt(6 / fanIn)); break;
    case 'kaiming_normal': case 'he_normal': normal(Math.sqrt(2 / fanIn)); break;
    case 'normal': normal(1); break;
    case 'uniform': uniform(1); break;
    default: uniform(Math.sqrt(6 / (fanIn + fanOut)));
  }
  return out;
}
