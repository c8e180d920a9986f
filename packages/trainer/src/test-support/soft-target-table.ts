import type { RawTable } from '../data/table.js';
import { SeededRandom } from '../util/random.js';

/**
 * Soft targets over three classes from two numbers, softmax(2·[x1, x2, −x1 − x2]), written as a
 * category_distribution cell ("p1 p2 p3"): the input decides the distribution, so a model can learn
 * it; a row with large x1 leans to the first class, large x2 to the second.
 */
export function softTargetTable(rows: number, seed: number, target: string): RawTable {
  const rng = new SeededRandom(seed);
  const x1: string[] = [];
  const x2: string[] = [];
  const mix: string[] = [];
  for (let i = 0; i < rows; i++) {
    const a = rng.nextGaussian();
    const b = rng.nextGaussian();
    const z = [2 * a, 2 * b, -2 * (a + b)];
    const e = z.map((v) => Math.exp(v - Math.max(...z)));
    const sum = e.reduce((s, v) => s + v, 0);
    x1.push(a.toFixed(4));
    x2.push(b.toFixed(4));
    mix.push(e.map((v) => (v / sum).toFixed(6)).join(' '));
  }
  return { columns: ['x1', 'x2', target], rowCount: rows, data: { x1, x2, [target]: mix } };
}
