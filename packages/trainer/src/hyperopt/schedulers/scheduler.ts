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
  /** 'stop' ends a trial early; 'complete' ends one that reached the scheduler's end (max_t). */
  onReport(report: TrialReport): 'continue' | 'stop' | 'complete';
  /** The trial finished (completed, stopped or failed): it reports no more. */
  onComplete(trialId: number): void;
}

export type SchedulerFactory<T extends SchedulerConfig['type']> = (config: Extract<SchedulerConfig, { type: T }>, seed: number) => TrialScheduler;

/** The progress measure a scheduler config names. */
export function progressOf(report: TrialReport, timeAttr: SchedulerConfig['time_attr']): number {
  return timeAttr === 'time_total_s' ? report.elapsedS : report.iteration;
}
