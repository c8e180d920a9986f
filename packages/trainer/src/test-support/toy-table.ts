import type { RawTable } from '../data/index.js';
import { SeededRandom } from '../util/random.js';

/**
 * A seeded synthetic table with a learnable signal: numbers, a category and a date drive a
 * binary label, a category label and a number target.
 */
export function toyTable(rows: number, seed = 1): RawTable {
  const rng = new SeededRandom(seed);
  const colors = ['red', 'green', 'blue', 'black'];
  const data: Record<string, string[]> = { x1: [], x2: [], color: [], day: [], label: [], kind: [], amount: [] };
  for (let i = 0; i < rows; i++) {
    const x1 = rng.nextGaussian();
    const x2 = rng.nextGaussian();
    const c = rng.nextInt(colors.length);
    const month = 1 + rng.nextInt(12);
    const score = x1 + 0.5 * x2 + (c === 0 ? 1 : c === 1 ? -1 : 0) + 0.3 * rng.nextGaussian();
    data.x1.push(x1.toFixed(4));
    data.x2.push(x2.toFixed(4));
    data.color.push(colors[c]);
    data.day.push(`2024-${String(month).padStart(2, '0')}-${String(1 + rng.nextInt(28)).padStart(2, '0')}`);
    data.label.push(score > 0 ? 'yes' : 'no');
    data.kind.push(score > 0.8 ? 'high' : score > -0.8 ? 'mid' : 'low');
    data.amount.push((10 + 3 * x1 - 2 * x2 + (month > 6 ? 2 : 0)).toFixed(3));
  }
  return { columns: Object.keys(data), rowCount: rows, data };
}
