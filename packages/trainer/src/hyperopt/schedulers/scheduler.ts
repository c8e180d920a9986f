import type { SchedulerConfig } from '@overture/config';

/** An intermediate result of a running trial. */
export interface TrialReport {
  trialId: number;
  /** Evaluations reported so far, this one included (Ray Tune's `training_iteration`). */
  iteration: number;
  /** Seconds since the trial started (Ray Tune's `time_total_s`). */
  elapsedS: number;
  /** The hyperopt metric, turned so that higher is better (Ray Tune's `mode: max`). */
  reward: number;
}

/**
 * Decides, from each trial's intermediate results, which trials stop early. Pure bookkeeping:
 * whoever runs the trials (child processes, queue jobs) passes the reports and obeys the answers.
 */
export interface TrialScheduler {
  /**
   * 'stop' ends a trial early; 'complete' ends one that reached the scheduler's end (max_t);
   * 'pause' ends its run for now, keeping its checkpoint, until `decidePaused` resumes or stops it.
   */
  onReport(report: TrialReport): 'continue' | 'stop' | 'complete' | 'pause';
  /** The trial finished (completed, stopped or failed): it reports no more. */
  onComplete(trialId: number): void;
  /** A trial was launched (schedulers that group trials, e.g. into hyperband brackets, count them here). */
  onTrialAdd?(trialId: number): void;
  /**
   * For schedulers that pause: which paused trials to run again from their checkpoints and which to
   * stop, asked whenever a slot is free. `final`: no new trial will be added (the sampler is
   * done, or the study is ending), so a group waiting to fill decides with the trials it has.
   */
  decidePaused?(paused: readonly number[], final: boolean): { resume: number[]; stop: number[] };
}

export type SchedulerFactory<T extends SchedulerConfig['type']> = (config: Extract<SchedulerConfig, { type: T }>, seed: number) => TrialScheduler;

/** The progress measure a scheduler config names. */
export function progressOf(report: TrialReport, timeAttr: SchedulerConfig['time_attr']): number {
  return timeAttr === 'time_total_s' ? report.elapsedS : report.iteration;
}
