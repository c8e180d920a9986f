import { describe, expect, it } from 'vitest';
import { ZHyperopt } from '@overture/config';
import { FakeClock } from '../clock.js';
import { runStudy, type RunTrial } from '../study.js';

/**
 * Trials of `epochs` 10-second epochs whose loss after epoch t is q + 1/t, that checkpoint every
 * epoch: a trial run again with `restore` continues after the last epoch it trained.
 */
function resumableTrials(clock: FakeClock, epochs: number, log: { epochs: number; runs: string[] }): RunTrial {
  const trained = new Map<number, number>();
  return async (trial, handle) => {
    const from = trial.restore ? trained.get(trial.restore.fromTrialId) ?? 0 : 0;
    log.runs.push(`${trial.id}@${from}`);
    let best = Infinity;
    for (let epoch = from + 1; epoch <= epochs; epoch++) {
      await Promise.resolve();
      clock.advance(10_000);
      log.epochs++;
      trained.set(trial.id, epoch);
      best = Math.min(best, Number(trial.parameters.q) + 1 / epoch);
      if (handle.report({ metricScore: best }) === 'stop') break;
    }
    return { metricScore: best, trainingStats: { epochs: trained.get(trial.id) }, evalStats: {} };
  };
}

const qs = [0.9, 0.2, 0.7, 0.1, 0.5, 0.8, 0.3, 0.6, 0.4];
const study = (slots: number, values = qs, scheduler: unknown = { type: 'hyperband', max_t: 9, reduction_factor: 3 }) => {
  const clock = new FakeClock();
  const log = { epochs: 0, runs: [] as string[] };
  const hyperopt = ZHyperopt.parse({ parameters: { q: { space: 'grid_search', values } }, executor: { num_samples: 1, time_budget_s: null, scheduler } });
  return runStudy({ hyperopt, slots, clock, runTrial: resumableTrials(clock, 9, log) }).then((result) => ({ result, log }));
};

describe('hyperband (synchronous)', () => {
  it('runs the first bracket as successive halving: 9 trials for 1 epoch, the best 3 resumed to 3, the best one to 9', async () => {
    for (const slots of [1, 2, 4]) {
      const { result, log } = await study(slots);
      // 9·1 + 3·(3 − 1) + 1·(9 − 3) epochs instead of fifo's 81.
      expect(log.epochs).toBe(21);
      const byQ = new Map(result.trials.map((t) => [t.parameters.q, t]));
      expect(byQ.get(0.1)).toMatchObject({ status: 'completed', reports: 9 });
      for (const q of [0.2, 0.3]) expect(byQ.get(q)).toMatchObject({ status: 'stopped', stoppedBy: 'scheduler', reports: 3 });
      for (const q of [0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) expect(byQ.get(q)).toMatchObject({ status: 'stopped', stoppedBy: 'scheduler', reports: 1 });
      expect(result.ordered[0].parameters.q).toBe(0.1);
      // Resumed runs continue from their checkpoints: trial 3 (q 0.1) ran from 0, then from 1, then from 3.
      expect(log.runs.filter((r) => r.startsWith('3@'))).toEqual(['3@0', '3@1', '3@3']);
    }
  });

  it('decides a bracket with the trials it has when the search proposes no more', async () => {
    const { result, log } = await study(2, [0.5, 0.1, 0.3, 0.7]);
    // ⌊4/3⌋ = 1 goes on from the first rung, alone to the end.
    expect(log.epochs).toBe(4 + 8);
    expect(result.trials.filter((t) => t.status === 'completed').map((t) => t.parameters.q)).toEqual([0.1]);
  });

  it('fills the next bracket (fewer trials, longer first rung) after the first is full', async () => {
    const values = Array.from({ length: 14 }, (_, i) => (i * 7) % 14 / 14);
    const { result } = await study(3, values);
    // Bracket s=1 takes trials 9–13: they first run to 3 epochs.
    for (const t of result.trials.filter((t) => t.id >= 9)) expect(t.reports).toBeGreaterThanOrEqual(3);
    expect(result.trials.filter((t) => t.id >= 9 && t.status === 'completed')).toHaveLength(1);
  });

  it('stops the paused trials when the time budget runs out', async () => {
    const clock = new FakeClock();
    const log = { epochs: 0, runs: [] as string[] };
    const hyperopt = ZHyperopt.parse({ parameters: { q: { space: 'grid_search', values: qs } }, executor: { num_samples: 1, time_budget_s: 45, scheduler: { type: 'hyperband', max_t: 9, reduction_factor: 3 } } });
    const result = await runStudy({ hyperopt, slots: 1, clock, runTrial: resumableTrials(clock, 9, log) });
    expect(result.budgetExhausted).toBe(true);
    expect(result.trials.filter((t) => t.stoppedBy === 'time_budget').length).toBeGreaterThan(0);
    expect(result.trials.every((t) => t.status !== 'completed')).toBe(true);
  });
});
