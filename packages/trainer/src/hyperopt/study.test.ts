import { describe, expect, it } from 'vitest';
import { ZHyperopt, type HyperoptConfig } from '@overture/config';
import { FakeClock } from './clock.js';
import { runStudy, type RunTrial } from './study.js';
import { percentile } from './schedulers/index.js';

const hyperopt = (h: unknown): HyperoptConfig => ZHyperopt.parse(h);

/** A trial whose metric after each 10-second epoch is given by `curve(parameters, epoch)`. */
function fakeTrials(clock: FakeClock, epochs: number, curve: (p: Record<string, unknown>, epoch: number) => number, log?: { iterations: number }): RunTrial {
  return async (trial, handle) => {
    let best = Infinity;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      await Promise.resolve();
      clock.advance(10_000);
      if (handle.signal.aborted) break;
      if (log) log.iterations++;
      const value = curve(trial.parameters, epoch);
      best = Math.min(best, value);
      if (handle.report({ metricScore: best }) === 'stop') break;
    }
    return { metricScore: Number.isFinite(best) ? best : null, trainingStats: { epochs }, evalStats: {} };
  };
}

describe('grid search', () => {
  it('runs every grid point num_samples times, the other parameters drawn', async () => {
    const h = hyperopt({
      parameters: {
        'combiner.num_fc_layers': { space: 'grid_search', values: [1, 2, 3] },
        'trainer.optimizer.type': { space: 'grid_search', values: ['adam', 'sgd'] },
        'trainer.learning_rate': { space: 'loguniform', lower: 1e-4, upper: 1e-1 },
      },
      executor: { num_samples: 2, time_budget_s: null },
    });
    const clock = new FakeClock();
    const result = await runStudy({ hyperopt: h, slots: 3, clock, runTrial: fakeTrials(clock, 1, (p) => Number(p['combiner.num_fc_layers'])) });
    expect(result.trials).toHaveLength(12);
    const points = result.trials.map((t) => `${t.parameters['combiner.num_fc_layers']}/${t.parameters['trainer.optimizer.type']}`);
    for (const layers of [1, 2, 3]) for (const opt of ['adam', 'sgd']) expect(points.filter((p) => p === `${layers}/${opt}`)).toHaveLength(2);
    expect(new Set(result.trials.map((t) => t.parameters['trainer.learning_rate'])).size).toBe(12);
    expect(result.ordered[0].parameters['combiner.num_fc_layers']).toBe(1);
  });

  it('keeps the random parameters constant across the grid with constant_grid_search, and evaluates points_to_evaluate first', async () => {
    const h = hyperopt({
      parameters: { a: { space: 'grid_search', values: [1, 2] }, b: { space: 'uniform', lower: 0, upper: 1 } },
      search_alg: { type: 'variant_generator', constant_grid_search: true, points_to_evaluate: [{ b: 0.5 }] },
      executor: { num_samples: 2, time_budget_s: null },
    });
    const clock = new FakeClock();
    const { trials } = await runStudy({ hyperopt: h, slots: 1, clock, runTrial: fakeTrials(clock, 1, () => 0) });
    expect(trials[0].parameters).toEqual({ a: 1, b: 0.5 });
    expect(trials[1].parameters.b).toBe(trials[0].parameters.b === 0.5 ? trials[1].parameters.b : NaN);
    expect(trials[3].parameters.b).toBe(trials[2].parameters.b);
    expect(trials[2].parameters.b).not.toBe(trials[1].parameters.b);
  });
});

describe('TPE', () => {
  const parameters = {
    x: { space: 'uniform', lower: -5, upper: 5 },
    lr: { space: 'loguniform', lower: 1e-6, upper: 1 },
    layers: { space: 'randint', lower: 1, upper: 9 },
    activation: { space: 'choice', categories: ['relu', 'tanh', 'sigmoid', 'elu'] },
  };
  // Known optima, both 0 at x = 1.5, lr = 10^-2.5 (and, for the mixed one, 3 layers of relu).
  const smooth = (p: Record<string, unknown>) => ((Number(p.x) - 1.5) ** 2 + (Math.log10(Number(p.lr)) + 2.5) ** 2) / 4;
  const mixed = (p: Record<string, unknown>) => (Number(p.x) - 1.5) ** 2 + (Math.log10(Number(p.lr)) + 2.5) ** 2
    + (Number(p.layers) - 3) ** 2 / 4 + (p.activation === 'relu' ? 0 : 2);
  /** Mean over seeds of the best score found: the regret, the optimum being 0. */
  const meanRegret = async (searchAlg: Record<string, unknown>, objective: (p: Record<string, unknown>) => number, trials: number) => {
    let sum = 0;
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    for (const seed of seeds) {
      const clock = new FakeClock();
      const h = hyperopt({ parameters, search_alg: searchAlg, executor: { num_samples: trials, time_budget_s: null } });
      const result = await runStudy({ hyperopt: h, slots: 1, clock, seed, runTrial: fakeTrials(clock, 1, objective) });
      sum += result.ordered[0].metricScore!;
    }
    return sum / seeds.length;
  };

  it('hyperopt and optuna TPE find a lower mean regret than random search on a smooth objective', async () => {
    // hyperopt's TPE spends its first 20 trials at random and models only the best ceil(0.25·√n): it needs more trials.
    expect(await meanRegret({ type: 'hyperopt' }, smooth, 100)).toBeLessThan(0.5 * await meanRegret({ type: 'variant_generator' }, smooth, 100));
    expect(await meanRegret({ type: 'optuna' }, smooth, 60)).toBeLessThan(0.3 * await meanRegret({ type: 'variant_generator' }, smooth, 60));
  });

  it('optuna TPE finds a lower mean regret than random search on a mixed objective with an integer and a categorical parameter', async () => {
    const random = await meanRegret({ type: 'variant_generator' }, mixed, 100);
    expect(await meanRegret({ type: 'optuna' }, mixed, 100)).toBeLessThan(0.7 * random);
  });

  it('skopt (Gaussian-process Bayesian optimisation) finds a lower mean regret than random search on the smooth and the mixed objectives', async () => {
    expect(await meanRegret({ type: 'skopt' }, smooth, 30)).toBeLessThan(0.3 * await meanRegret({ type: 'variant_generator' }, smooth, 30));
    expect(await meanRegret({ type: 'skopt' }, mixed, 40)).toBeLessThan(0.7 * await meanRegret({ type: 'variant_generator' }, mixed, 40));
  }, 240_000); // ~8 s on a quiet machine; a GP fit per proposal

  it('skopt sends parallel slots to different points, and one seed gives one study', async () => {
    const run = async () => {
      const clock = new FakeClock();
      const h = hyperopt({ parameters, search_alg: { type: 'skopt' }, executor: { num_samples: 16, time_budget_s: null } });
      return (await runStudy({ hyperopt: h, slots: 3, clock, seed: 4, runTrial: fakeTrials(clock, 1, mixed) })).trials.map((t) => t.parameters);
    };
    const trials = await run();
    expect(new Set(trials.map((t) => JSON.stringify(t))).size).toBe(16);
    expect(await run()).toEqual(trials);
  }, 60_000);

  it('proposes from the finished trials only, so one seed gives one study', async () => {
    const run = async () => {
      const clock = new FakeClock();
      const h = hyperopt({ parameters, search_alg: { type: 'optuna', seed: 9 }, executor: { num_samples: 15, time_budget_s: null } });
      return (await runStudy({ hyperopt: h, slots: 1, clock, runTrial: fakeTrials(clock, 1, mixed) })).trials.map((t) => t.parameters);
    };
    expect(await run()).toEqual(await run());
  });
});

describe('async_hyperband', () => {
  // Trial quality q: loss after epoch t is q + 1/t; lower q is better at every epoch.
  const curve = (p: Record<string, unknown>, epoch: number) => Number(p.q) + 1 / epoch;
  const h = (scheduler: unknown) => hyperopt({
    parameters: { q: { space: 'grid_search', values: [0.9, 0.2, 0.7, 0.1, 0.5, 0.8, 0.3, 0.6] } },
    executor: { num_samples: 1, time_budget_s: null, scheduler },
  });

  it('stops the weak trials at the rungs and lets the best run to max_t, with far fewer epochs than fifo', async () => {
    const clock = new FakeClock();
    const asha = { iterations: 0 };
    const result = await runStudy({ hyperopt: h({ type: 'async_hyperband', max_t: 27, grace_period: 1, reduction_factor: 3 }), slots: 1, clock, runTrial: fakeTrials(clock, 27, curve, asha) });
    const fifo = { iterations: 0 };
    const clock2 = new FakeClock();
    await runStudy({ hyperopt: h({ type: 'fifo' }), slots: 1, clock: clock2, runTrial: fakeTrials(clock2, 27, curve, fifo) });
    expect(fifo.iterations).toBe(8 * 27);
    expect(asha.iterations).toBeLessThan(0.6 * fifo.iterations);
    const byQ = new Map(result.trials.map((t) => [t.parameters.q, t]));
    // Sequential arrival: the first trial is never stopped; 0.1 beats everything before it at every rung.
    expect(byQ.get(0.1)!.reports).toBe(27);
    expect(byQ.get(0.9)!.status).toBe('completed');
    for (const q of [0.7, 0.5, 0.8, 0.6]) {
      expect(byQ.get(q)!.status).toBe('stopped');
      expect(byQ.get(q)!.stoppedBy).toBe('scheduler');
      expect(byQ.get(q)!.reports).toBeLessThan(27);
    }
    expect(result.ordered[0].parameters.q).toBe(0.1);
  });

  it('stops trials at max_t', async () => {
    const clock = new FakeClock();
    const result = await runStudy({ hyperopt: h({ type: 'async_hyperband', max_t: 4, grace_period: 1, reduction_factor: 2 }), slots: 2, clock, runTrial: fakeTrials(clock, 20, curve) });
    expect(Math.max(...result.trials.map((t) => t.reports))).toBe(4);
  });

  it('computes rung cutoffs as numpy percentiles', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([4, 1, 3], 100 * (1 - 1 / 3))).toBeCloseTo(3 + (4 - 3) * (4 / 3 - 1), 10);
  });
});

describe('median_stopping_rule', () => {
  it('stops a trial whose best is below the median of the others past the grace period, once enough others got there', async () => {
    const curve = (p: Record<string, unknown>, epoch: number) => Number(p.q) + 1 / epoch;
    const h = hyperopt({
      parameters: { q: { space: 'grid_search', values: [0.3, 0.1, 0.2, 0.9, 0.05, 0.8] } },
      executor: { num_samples: 1, time_budget_s: null, scheduler: { type: 'median_stopping_rule', grace_period: 2, min_samples_required: 3 } },
    });
    const clock = new FakeClock();
    const result = await runStudy({ hyperopt: h, slots: 1, clock, runTrial: fakeTrials(clock, 6, curve) });
    const reports = Object.fromEntries(result.trials.map((t) => [String(t.parameters.q), t.reports]));
    // The first three have too few others to compare with; 0.9 and 0.8 are stopped at the grace period, 0.05 is not.
    expect(reports).toEqual({ '0.3': 6, '0.1': 6, '0.2': 6, '0.9': 2, '0.05': 6, '0.8': 2 });
    expect(result.trials.find((t) => t.parameters.q === 0.9)).toMatchObject({ status: 'stopped', stoppedBy: 'scheduler' });
  });
});

describe('executor limits', () => {
  const space = { parameters: { q: { space: 'uniform', lower: 0, upper: 1 } } };

  it('runs at most max_concurrent_trials at once', async () => {
    const clock = new FakeClock();
    let running = 0;
    let peak = 0;
    const inner = fakeTrials(clock, 3, () => 1);
    const runTrial: RunTrial = async (t, handle) => {
      peak = Math.max(peak, ++running);
      try {
        return await inner(t, handle);
      } finally {
        running--;
      }
    };
    const result = await runStudy({ hyperopt: hyperopt({ ...space, executor: { num_samples: 9, max_concurrent_trials: 2, time_budget_s: null } }), slots: 4, clock, runTrial });
    expect(result.trials).toHaveLength(9);
    expect(peak).toBe(2);
  });

  it('stops launching and stops running trials when the time budget ends; stopped trials keep their results', async () => {
    const clock = new FakeClock();
    const result = await runStudy({ hyperopt: hyperopt({ ...space, executor: { num_samples: 10, time_budget_s: 95 } }), slots: 1, clock, runTrial: fakeTrials(clock, 4, (p) => Number(p.q)) });
    expect(result.budgetExhausted).toBe(true);
    // Each trial takes 40 s: two finish, the third is stopped at 95 s and nothing starts after it.
    expect(result.trials.map((t) => t.status)).toEqual(['completed', 'completed', 'stopped']);
    expect(result.trials[2].stoppedBy).toBe('time_budget');
    expect(result.trials[2].metricScore).toBe(result.trials[2].parameters.q);
    expect(result.elapsedMs).toBeLessThanOrEqual(100_000);
    expect(result.trials.every((t) => t.startedMs < 95_000)).toBe(true);
  });

  it('says when the budget is too small for one trial to report', async () => {
    const clock = new FakeClock();
    const slow: RunTrial = async (_t, handle) => {
      clock.advance(30_000);
      if (!handle.signal.aborted) handle.report({ metricScore: 1 });
      return { metricScore: null, trainingStats: {}, evalStats: {} };
    };
    await expect(runStudy({ hyperopt: hyperopt({ ...space, executor: { num_samples: 3, time_budget_s: 20 } }), slots: 1, clock, runTrial: slow }))
      .rejects.toThrow('the time budget of 20 s ran out before any trial reported a result (one evaluation takes longer); raise hyperopt.executor.time_budget_s');
  });

  it('fails the study with every distinct reason when all trials fail', async () => {
    const clock = new FakeClock();
    const failing: RunTrial = async (t) => {
      throw new Error(t.id % 2 === 0 ? 'the training loss became NaN at step 3' : 'out of memory');
    };
    await expect(runStudy({ hyperopt: hyperopt({ ...space, executor: { num_samples: 4 } }), slots: 2, clock, runTrial: failing }))
      .rejects.toThrow('all 4 trials failed: trial 0, 2: the training loss became NaN at step 3; trial 1, 3: out of memory');
  });

  it('orders the results best first for the goal, failed trials left out', async () => {
    const clock = new FakeClock();
    const runTrial: RunTrial = async (t) => {
      if (t.id === 1) throw new Error('boom');
      return { metricScore: Number(t.parameters.q), trainingStats: {}, evalStats: {} };
    };
    const result = await runStudy({ hyperopt: hyperopt({ ...space, goal: 'maximize', executor: { num_samples: 5 } }), slots: 2, clock, runTrial });
    expect(result.ordered).toHaveLength(4);
    const scores = result.ordered.map((t) => t.metricScore!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.trials[1]).toMatchObject({ status: 'failed', error: 'boom' });
  });
});
