import { describe, expect, it } from 'vitest';
import { driftReport, MIN_DRIFT_ROWS, type TrainingColumn } from '@/server/services/drift';

const histogram = [{ start: 0, end: 1, count: 50 }, { start: 1, end: 2, count: 50 }];
const number: TrainingColumn = { rowCount: 110, missingCount: 10, topValues: [], histogram };
const category: TrainingColumn = { rowCount: 100, missingCount: 0, topValues: [{ value: 'a', count: 60 }, { value: 'b', count: 30 }], histogram: null };
const training = new Map([['n', number], ['c', category]]);
const features = [{ name: 'n', column: 'n', type: 'number' }, { name: 'c', column: 'c', type: 'category' }, { name: 't', column: 't', type: 'text' }];
const rowsOf = (make: (i: number) => Record<string, unknown>, count = MIN_DRIFT_ROWS) => Array.from({ length: count }, (_, i) => make(i));

describe('drift report', () => {
  it('puts numbers beyond the training range in the outer bins and counts unreadable numbers as missing', () => {
    const rows = rowsOf((i) => ({ n: i % 4 === 0 ? -5 : i % 4 === 1 ? 99 : i % 4 === 2 ? 'x' : '' }));
    const [n] = driftReport(features, training, rows);
    const share = Object.fromEntries(n.buckets.map((b) => [b.label, b.live]));
    expect(share).toEqual({ '0 – 1': 0.25, '1 – 2': 0.25, '(missing)': 0.5 });
    expect(n.status).toBe('drift');
  });

  it('scores categories on the known values, the rest as other, and text as not scored', () => {
    const rows = rowsOf((i) => ({ c: i < 60 ? 'a' : i < 90 ? 'b' : 'zzz', n: i < 9 ? null : (i % 20) / 10 + 0.05 }));
    const [n, c, t] = driftReport(features, training, rows);
    expect(c).toMatchObject({ status: 'stable' });
    expect(c.psi).toBeLessThan(0.01);
    expect(c.buckets.find((b) => b.label === '(other)')).toEqual({ label: '(other)', training: expect.closeTo(0.1, 6), live: 0.1 });
    expect(n).toMatchObject({ status: 'stable' });
    expect(t).toMatchObject({ status: 'unmeasured', reason: expect.stringMatching(/text features are not scored/) });
  });

  it('counts a missing share that vanishes as a shift (9% missing in training, none in 100 rows: odds below 1 in 10,000)', () => {
    const [n] = driftReport(features, training, rowsOf((i) => ({ n: (i % 20) / 10 + 0.05 })));
    expect(n.status).toBe('drift');
    expect(n.buckets[0]).toEqual({ label: '(missing)', training: expect.closeTo(10 / 110, 6), live: 0 });
  });

  it('waits for enough rows, and says so when the training data has no profile', () => {
    const [n] = driftReport(features, training, rowsOf(() => ({ n: 0.5 }), MIN_DRIFT_ROWS - 1));
    expect(n).toMatchObject({ status: 'insufficient', psi: null, reason: expect.stringMatching(/needs 100/) });
    const [none] = driftReport(features, new Map(), rowsOf(() => ({ n: 0.5 })));
    expect(none).toMatchObject({ status: 'unmeasured', reason: 'the training data has no profile for this column' });
  });
});
