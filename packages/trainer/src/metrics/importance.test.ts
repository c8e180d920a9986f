import { describe, expect, it } from 'vitest';
import { permutationFeatureImportance, permutationIndices } from './importance.js';

describe('permutationFeatureImportance', () => {
  it('ranks the feature whose shuffle hurts accuracy first', async () => {
    const evaluate = async (permuted: string | null, repeat: number) => {
      if (permuted === 'income') return 0.6 + 0.02 * repeat; // drops 0.3, 0.28, 0.26
      if (permuted === 'noise') return 0.9;
      return 0.9;
    };
    const result = await permutationFeatureImportance({ features: ['noise', 'income'], evaluate, goal: 'maximize', repeats: 3 });
    expect(result.map((r) => r.feature)).toEqual(['income', 'noise']);
    expect(result[0].importance).toBeCloseTo(0.28, 12);
    expect(result[0].std).toBeCloseTo(Math.sqrt(0.0008 / 3), 12);
    expect(result[1]).toEqual({ feature: 'noise', importance: 0, std: 0 });
  });

  it('flips the sign for metrics to minimize', async () => {
    const evaluate = async (permuted: string | null) => (permuted === 'x' ? 0.5 : 0.2);
    const [x] = await permutationFeatureImportance({ features: ['x'], evaluate, goal: 'minimize' });
    expect(x.importance).toBeCloseTo(0.3, 12);
  });

  it('evaluates the baseline once and each feature once per repeat', async () => {
    const calls: (string | null)[] = [];
    await permutationFeatureImportance({
      features: ['a', 'b'],
      evaluate: async (permuted) => {
        calls.push(permuted);
        return 1;
      },
      goal: 'maximize',
      repeats: 2,
    });
    expect(calls).toEqual([null, 'a', 'a', 'b', 'b']);
  });

  it('rejects a non-finite metric', async () => {
    await expect(
      permutationFeatureImportance({ features: ['a'], evaluate: async (p) => (p ? Number.NaN : 1), goal: 'maximize' }),
    ).rejects.toThrow(/feature "a" permuted/);
  });
});

describe('permutationIndices', () => {
  it('is a deterministic permutation of 0..n−1', () => {
    const a = permutationIndices(50, 7);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(permutationIndices(50, 7))).toEqual(Array.from(a));
    expect(Array.from(permutationIndices(50, 8))).not.toEqual(Array.from(a));
  });
});
