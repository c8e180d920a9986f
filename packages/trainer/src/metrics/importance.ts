import { OvertureError } from '@overture/config';
import { SeededRandom } from '../util/random.js';
import type { MetricGoal } from './types.js';

export interface FeatureImportance {
  feature: string;
  /** Mean worsening of the metric when the feature's column is shuffled; positive = it helps. */
  importance: number;
  /** Population standard deviation of that worsening over the repeats. */
  std: number;
}

export interface PermutationImportanceOptions {
  features: string[];
  /**
   * The model's metric on the evaluation split with `permuted`'s column shuffled (`null`: as
   * is). `repeat` numbers the shuffles of one feature so the caller can seed each differently,
   * e.g. `permutationIndices(rows, seed + repeat)`.
   */
  evaluate: (permuted: string | null, repeat: number) => Promise<number>;
  goal: MetricGoal;
  /** Shuffles per feature. Default 1. */
  repeats?: number;
}

/**
 * Permutation feature importance (Breiman 2001; Fisher, Rudin & Dominici 2019): how much the
 * metric worsens when one input column is shuffled, breaking its link to the target while
 * keeping its distribution. Evaluations run one at a time, since each is a full model pass.
 * Sorted by importance, most important first.
 */
export async function permutationFeatureImportance(options: PermutationImportanceOptions): Promise<FeatureImportance[]> {
  const { features, evaluate, goal } = options;
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new OvertureError('invalid_input', `Permutation importance needs repeats ≥ 1 (got ${repeats}).`);
  }
  const measure = async (feature: string | null, repeat: number): Promise<number> => {
    const value = await evaluate(feature, repeat);
    if (!Number.isFinite(value)) {
      const what = feature === null ? 'the baseline' : `feature "${feature}" permuted (repeat ${repeat})`;
      throw new OvertureError('invalid_input', `Permutation importance: the metric for ${what} is ${value}, not a finite number.`);
    }
    return value;
  };

  const baseline = await measure(null, 0);
  const results: FeatureImportance[] = [];
  for (const feature of features) {
    const drops: number[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      const value = await measure(feature, repeat);
      drops.push(goal === 'maximize' ? baseline - value : value - baseline);
    }
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const variance = drops.reduce((a, d) => a + (d - mean) * (d - mean), 0) / repeats;
    results.push({ feature, importance: mean, std: Math.sqrt(variance) });
  }
  // Array.prototype.sort is stable: equal importances keep the caller's feature order.
  return results.sort((a, b) => b.importance - a.importance);
}

/** A deterministic shuffle of 0..n−1 for permuting one column (mulberry32 via `SeededRandom`). */
export function permutationIndices(n: number, seed: number): Int32Array {
  return new SeededRandom(seed).permutation(n);
}
