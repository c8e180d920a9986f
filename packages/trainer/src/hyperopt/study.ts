import { OvertureError, searchAlgSeed, type HyperoptConfig } from '@overture/config';
import { systemClock, type Clock } from './clock.js';
import { createSampler, type Observation } from './samplers/index.js';
import { createScheduler } from './schedulers/index.js';

export interface TrialSpec {
  /** 0-based, in the order trials were proposed. */
  id: number;
  /** Searched path → sampled value, in the order of `hyperopt.parameters`. */
  parameters: Record<string, unknown>;
  /**
   * Set when a paused trial runs again (hyperband): continue from the last checkpoint of trial
   * `fromTrialId` (for a paused trial, its own) instead of starting over. Absent: a fresh trial.
   */
  restore?: { fromTrialId: number };
}

export interface TrialHandle {
  /**
   * An intermediate result: the hyperopt metric so far (Ludwig: the best over the trial's evaluations).
   * 'stop' means the scheduler or the time budget ends the trial: stop training and return what it has.
   */
  report(result: { metricScore: number }): 'continue' | 'stop';
  /** Aborted when the study stops the trial (also between reports, when the time budget runs out). */
  readonly signal: AbortSignal;
}

export interface TrialOutcome {
  /** The hyperopt metric of the trial; null when it has none (the study then takes the best reported). */
  metricScore: number | null;
  trainingStats: Record<string, unknown>;
  evalStats: Record<string, unknown>;
}

/** Runs one trial to its end: a child process in the CLI, a queue job on the platform. */
export type RunTrial = (trial: TrialSpec, handle: TrialHandle) => Promise<TrialOutcome>;

export type TrialStatus = 'completed' | 'stopped' | 'failed';

export interface TrialRecord extends TrialSpec {
  status: TrialStatus;
  /** Why a stopped trial stopped. */
  stoppedBy: 'scheduler' | 'time_budget' | null;
  metricScore: number | null;
  trainingStats: Record<string, unknown>;
  evalStats: Record<string, unknown>;
  reports: number;
  error: string | null;
  startedMs: number;
  endedMs: number;
}

export interface StudyResult {
  /** Every trial, by id. */
  trials: TrialRecord[];
  /** Trials with a metric score, best first (Ludwig's `hyperopt_results` order). */
  ordered: TrialRecord[];
  /** Whether the time budget ended the search before every trial ran. */
  budgetExhausted: boolean;
  elapsedMs: number;
}

export interface StudyOptions {
  hyperopt: HyperoptConfig;
  runTrial: RunTrial;
  /** Trials the executor can run at once (CLI workers); the config's limits lower it further. */
  slots: number;
  /** Seeds the sampler when search_alg sets no seed of its own. */
  seed?: number;
  clock?: Clock;
  onTrialStart?(trial: TrialSpec): void;
  /** A paused trial runs again (its spec carries `restore`). */
  onTrialResume?(trial: TrialSpec): void;
  /** A trial's run ended with a pause: it waits for its scheduler to resume or stop it. */
  onTrialPause?(trial: TrialSpec): void;
  onTrialEnd?(trial: TrialRecord): void;
}

/** How many trials run at once: the executor's slots, max_concurrent_trials, the algorithm's max_concurrent. */
export function concurrencyOf(hyperopt: HyperoptConfig, slots: number): number {
  const limits = [Math.max(1, Math.floor(slots))];
  const { max_concurrent_trials: trials } = hyperopt.executor;
  if (typeof trials === 'number') limits.push(trials);
  const alg = hyperopt.search_alg;
  if ((alg.type === 'variant_generator' || alg.type === 'random') && alg.max_concurrent > 0) limits.push(alg.max_concurrent);
  return Math.min(...limits);
}

/**
 * Runs a search: the sampler proposes a parameter set whenever a slot is free (so adaptive samplers
 * see every finished trial), the scheduler answers each intermediate report, and the time budget stops
 * launching and stops running trials, which keep their partial results. A scheduler that pauses
 * (hyperband) ends a trial's run at a rung; the trial is run again, from its checkpoint, when the
 * scheduler resumes it, and ahead of new trials. Executor-agnostic: trials run wherever `runTrial`
 * puts them.
 */
export async function runStudy(options: StudyOptions): Promise<StudyResult> {
  const { hyperopt, runTrial, clock = systemClock } = options;
  const seed = searchAlgSeed(hyperopt.search_alg) ?? options.seed ?? 42;
  const sampler = createSampler({ parameters: hyperopt.parameters, alg: hyperopt.search_alg, numSamples: hyperopt.executor.num_samples, seed });
  const scheduler = createScheduler(hyperopt.executor.scheduler, seed);
  const maximize = hyperopt.goal === 'maximize';
  const concurrency = Math.min(concurrencyOf(hyperopt, options.slots), sampler.total);

  const start = clock.now();
  const budgetS = hyperopt.executor.time_budget_s;
  let budgetExhausted = false;
  const running = new Map<number, { promise: Promise<void>; abort: AbortController; record: TrialRecord }>();
  const cancelBudget = budgetS === null ? () => undefined : clock.setTimer(budgetS * 1000, () => {
    budgetExhausted = true;
    for (const { abort, record } of running.values()) {
      record.stoppedBy ??= 'time_budget';
      abort.abort();
    }
  });

  const trials: TrialRecord[] = [];
  const observations: Observation[] = [];
  // Each trial's best reported metric: its score when it returns none of its own.
  const best = new Map<number, number>();

  // Trials paused by the scheduler, waiting; those it resumed, waiting for a slot.
  const paused = new Map<number, TrialRecord>();
  const toResume: number[] = [];
  // Time each trial spent running in its earlier runs (Ray Tune's time_total_s leaves pauses out).
  const trainedMs = new Map<number, number>();

  /** The trial reports no more: the sampler sees its result. */
  const finish = (record: TrialRecord) => {
    record.endedMs = clock.now();
    scheduler.onComplete(record.id);
    const score = record.metricScore;
    observations.push({ parameters: record.parameters, loss: score === null ? null : maximize ? -score : score });
    options.onTrialEnd?.(record);
  };

  /** A paused trial that will not run again: stopped, with the results of its runs so far. */
  const stopPaused = (id: number, by: 'scheduler' | 'time_budget') => {
    const record = paused.get(id);
    if (!record) return;
    paused.delete(id);
    record.status = 'stopped';
    record.stoppedBy = by;
    finish(record);
  };

  const launch = (spec: TrialSpec, resumed?: TrialRecord) => {
    const abort = new AbortController();
    const record: TrialRecord = resumed ?? {
      ...spec, status: 'completed', stoppedBy: null, metricScore: null, trainingStats: {}, evalStats: {}, reports: 0, error: null, startedMs: clock.now(), endedMs: 0,
    };
    const runStarted = clock.now();
    let pausing = false;
    if (!resumed) trials.push(record);
    const handle: TrialHandle = {
      signal: abort.signal,
      report({ metricScore }) {
        // A result that arrives after the time budget ran out does not count (Ray Tune would have ended the trial).
        if (budgetExhausted) {
          record.stoppedBy ??= 'time_budget';
          return 'stop';
        }
        if (pausing) return 'stop';
        record.reports++;
        if (Number.isFinite(metricScore)) {
          const previous = best.get(spec.id);
          if (previous === undefined || (maximize ? metricScore > previous : metricScore < previous)) best.set(spec.id, metricScore);
        }
        if (abort.signal.aborted) return 'stop';
        const decision = scheduler.onReport({
          trialId: spec.id, iteration: record.reports, elapsedS: ((trainedMs.get(spec.id) ?? 0) + clock.now() - runStarted) / 1000,
          reward: maximize ? metricScore : -metricScore,
        });
        if (decision === 'stop') {
          record.stoppedBy = 'scheduler';
          abort.abort();
        }
        if (decision === 'pause') pausing = true;
        // A trial at its scheduler's end (max_t) has completed: it stops, but was not stopped early.
        return decision === 'continue' ? 'continue' : 'stop';
      },
    };
    if (resumed) options.onTrialResume?.(spec);
    else {
      scheduler.onTrialAdd?.(spec.id);
      options.onTrialStart?.(spec);
    }
    // Registered before the trial starts: a trial may run synchronously up to its first await.
    const entry = { promise: Promise.resolve(), abort, record };
    running.set(spec.id, entry);
    entry.promise = (async () => {
      await Promise.resolve();
      let pausedNow = false;
      try {
        const outcome = await runTrial(spec, handle);
        record.metricScore = record.stoppedBy === 'time_budget' ? best.get(spec.id) ?? null : outcome.metricScore ?? best.get(spec.id) ?? null;
        record.trainingStats = outcome.trainingStats;
        record.evalStats = outcome.evalStats;
        record.status = record.stoppedBy ? 'stopped' : 'completed';
        pausedNow = pausing && !record.stoppedBy && !budgetExhausted;
      } catch (error) {
        record.status = 'failed';
        record.error = error instanceof Error ? error.message : String(error);
        record.metricScore = null;
      } finally {
        running.delete(spec.id);
        trainedMs.set(spec.id, (trainedMs.get(spec.id) ?? 0) + clock.now() - runStarted);
        if (pausedNow) {
          paused.set(spec.id, record);
          options.onTrialPause?.(spec);
        } else {
          finish(record);
        }
      }
    })();
  };

  /** Asks the scheduler about the paused trials: those it resumes queue for a slot, those it drops stop. */
  const decide = (final: boolean) => {
    if (paused.size === 0) return;
    if (budgetExhausted || !scheduler.decidePaused) {
      for (const id of [...paused.keys()]) stopPaused(id, budgetExhausted ? 'time_budget' : 'scheduler');
      return;
    }
    const waiting = [...paused.keys()].filter((id) => !toResume.includes(id));
    const { resume, stop } = scheduler.decidePaused(waiting, final);
    for (const id of stop) stopPaused(id, 'scheduler');
    for (const id of resume) if (paused.has(id) && !toResume.includes(id)) toResume.push(id);
  };

  let samplerDone = false;
  try {
    for (let id = 0; ; ) {
      decide(samplerDone);
      while (!budgetExhausted && running.size < concurrency) {
        const resumeId = toResume.shift();
        if (resumeId !== undefined) {
          const record = paused.get(resumeId)!;
          paused.delete(resumeId);
          launch({ id: record.id, parameters: record.parameters, restore: { fromTrialId: record.id } }, record);
          continue;
        }
        if (samplerDone) break;
        const parameters = sampler.propose(observations);
        if (parameters === null) {
          samplerDone = true;
          break;
        }
        launch({ id: id++, parameters });
      }
      if (running.size === 0) {
        // Nothing runs and nothing new will come: the paused trials are decided now, or stopped.
        decide(true);
        if (toResume.length > 0 && !budgetExhausted) continue;
        for (const pausedId of [...paused.keys()]) stopPaused(pausedId, budgetExhausted ? 'time_budget' : 'scheduler');
        break;
      }
      await Promise.race([...running.values()].map((r) => r.promise));
    }
  } finally {
    cancelBudget();
  }

  const ordered = trials.filter((t) => t.metricScore !== null)
    .sort((a, b) => (maximize ? b.metricScore! - a.metricScore! : a.metricScore! - b.metricScore!) || a.id - b.id);
  const result: StudyResult = { trials: trials.sort((a, b) => a.id - b.id), ordered, budgetExhausted, elapsedMs: clock.now() - start };
  if (ordered.length === 0) throw studyFailure(result, budgetS);
  return result;
}

/** Why a study has no result: a budget shorter than one evaluation, or every trial failed (with each distinct reason). */
function studyFailure(result: StudyResult, budgetS: number | null): OvertureError {
  const failed = result.trials.filter((t) => t.status === 'failed');
  if (failed.length < result.trials.length || result.trials.length === 0) {
    const budget = budgetS === null ? '' : ` of ${budgetS} s`;
    return new OvertureError('invalid_input', `the time budget${budget} ran out before any trial reported a result (one evaluation takes longer); raise hyperopt.executor.time_budget_s`, [
      { path: 'hyperopt.executor.time_budget_s', message: 'too small for one trial to report a result' },
    ]);
  }
  const reasons = new Map<string, number[]>();
  for (const t of failed) reasons.set(t.error ?? 'unknown error', [...(reasons.get(t.error ?? 'unknown error') ?? []), t.id]);
  const details = [...reasons].map(([message, ids]) => ({ path: `trial ${ids.join(', ')}`, message }));
  return new OvertureError('invalid_input', `all ${failed.length} trials failed: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
}
