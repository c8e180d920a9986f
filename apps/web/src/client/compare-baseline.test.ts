import { describe, expect, it } from 'vitest';
import { baselineFirst } from './compare-baseline';

describe('baselineFirst', () => {
  const runs = [
    { id: 'new', createdAt: '2026-12-01T10:00:00Z' },
    { id: 'old', createdAt: '2026-12-01T09:00:00Z' },
    { id: 'mid', createdAt: '2026-12-01T11:00:00Z' },
  ];
  const versions: Record<string, number> = { new: 3, old: 1, mid: 2 };

  it('puts the lowest version first whatever order the runs were picked in', () => {
    expect(baselineFirst(runs, (id) => versions[id]).map((r) => r.id)).toEqual(['old', 'mid', 'new']);
  });

  it('orders runs of one version by when they were created', () => {
    expect(baselineFirst(runs, () => 1).map((r) => r.id)).toEqual(['old', 'new', 'mid']);
  });
});
