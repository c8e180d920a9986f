import type { SchedulerConfig } from '@overture/config';
import { progressOf, type TrialReport, type TrialScheduler } from './scheduler.js';

type MedianConfig = Extract<SchedulerConfig, { type: 'median_stopping_rule' }>;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The median stopping rule (Golovin et al. 2017, "Google Vizier"), as Ray Tune's MedianStoppingRule:
 * past the grace period, a trial whose best result is below the median of the other trials' running
 * means at the same time stops, once at least min_samples_required other trials have got that far.
 */
export function createMedianStoppingRule(config: MedianConfig): TrialScheduler {
  // Every trial's results so far (finished trials keep theirs: they are the comparison).
  const results = new Map<number, { progress: number; reward: number }[]>();
  const runningMean = (history: readonly { progress: number; reward: number }[], upTo: number) => {
    const seen = history.filter((r) => r.progress <= upTo);
    return seen.reduce((sum, r) => sum + r.reward, 0) / seen.length;
  };
  return {
    onReport(report: TrialReport) {
      const progress = progressOf(report, config.time_attr);
      const history = results.get(report.trialId) ?? [];
      history.push({ progress, reward: report.reward });
      results.set(report.trialId, history);
      if (progress < config.grace_period || progress <= config.min_time_slice) return 'continue';
      const others = [...results].filter(([id, h]) => id !== report.trialId && h.length > 0 && h[h.length - 1].progress >= progress);
      if (others.length < config.min_samples_required) return 'continue';
      const best = Math.max(...history.map((r) => r.reward));
      return best < median(others.map(([, h]) => runningMean(h, progress))) ? 'stop' : 'continue';
    },
    onComplete: () => undefined,
  };
}
