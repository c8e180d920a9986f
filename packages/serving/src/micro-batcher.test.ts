import { describe, expect, it } from 'vitest';
import type { ModelInputValues } from '@overture/trainer/preprocessing';
import { MicroBatcher } from './micro-batcher.js';
import type { RunOutputs } from './ort-model.js';

/** A fake model: output = input × 2, recording the rows of each run. */
function fake(delayMs = 0) {
  const runs: number[] = [];
  const run = async (inputs: readonly ModelInputValues[], rows: number): Promise<RunOutputs> => {
    runs.push(rows);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    return { y: { values: Float32Array.from(inputs[0].values, (v) => v * 2), width: 1 } };
  };
  return { runs, run };
}

const input = (...values: number[]): ModelInputValues[] => [{ name: 'x', dtype: 'float32', width: 1, features: ['x'], values: Float32Array.from(values) }];

describe('MicroBatcher', () => {
  it('runs requests submitted in the same turn together and splits the outputs back', async () => {
    const { runs, run } = fake();
    const batcher = new MicroBatcher(run);
    const results = await Promise.all([batcher.submit(input(1), 1), batcher.submit(input(2, 3), 2), batcher.submit(input(4), 1)]);
    expect(runs).toEqual([4]);
    expect(results.map((r) => Array.from(r.y.values))).toEqual([[2], [4, 6], [8]]);
  });

  it('collects requests that arrive while a run is in progress into the next run', async () => {
    const { runs, run } = fake(20);
    const batcher = new MicroBatcher(run, { maxConcurrentRuns: 1 });
    const first = batcher.submit(input(1), 1);
    await new Promise((r) => setTimeout(r, 5));
    const later = [batcher.submit(input(2), 1), batcher.submit(input(3), 1), batcher.submit(input(4), 1)];
    await Promise.all([first, ...later]);
    expect(runs).toEqual([1, 3]);
  });

  it('starts a second run while one computes, then batches what waits for both', async () => {
    const { runs, run } = fake(20);
    const batcher = new MicroBatcher(run, { maxConcurrentRuns: 2 });
    const first = batcher.submit(input(1), 1);
    await new Promise((r) => setTimeout(r, 5));
    const second = batcher.submit(input(2), 1);
    await new Promise((r) => setTimeout(r, 5));
    const rest = [batcher.submit(input(3), 1), batcher.submit(input(4), 1)];
    await Promise.all([first, second, ...rest]);
    expect(runs).toEqual([1, 1, 2]);
  });

  it('waits windowMs for more requests', async () => {
    const { runs, run } = fake();
    const batcher = new MicroBatcher(run, { windowMs: 20 });
    const a = batcher.submit(input(1), 1);
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([a, batcher.submit(input(2), 1)]);
    expect(runs).toEqual([2]);
  });

  it('keeps runs within maxBatchRows (a larger request runs alone)', async () => {
    const { runs, run } = fake();
    const batcher = new MicroBatcher(run, { maxBatchRows: 3 });
    await Promise.all([batcher.submit(input(1, 1), 2), batcher.submit(input(1, 1), 2), batcher.submit(input(1, 1, 1, 1, 1), 5), batcher.submit(input(1), 1)]);
    expect(runs).toEqual([2, 2, 5, 1]);
  });

  it('rejects every request of a failed run and keeps serving', async () => {
    let fail = true;
    const batcher = new MicroBatcher(async (inputs, rows) => {
      if (fail) throw new Error('boom');
      return { y: { values: new Float32Array(rows), width: 1 } };
    });
    const results = await Promise.allSettled([batcher.submit(input(1), 1), batcher.submit(input(2), 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.submit(input(3), 1)).resolves.toBeDefined();
  });
});
