import type { SchedulerConfig } from '@overture/config';
import { SeededRandom } from '../../util/random.js';
import { progressOf, type TrialReport, type TrialScheduler } from './scheduler.js';

type AshaConfig = Extract<SchedulerConfig, { type: 'async_hyperband' }>;

/** numpy's `percentile` with linear interpolation. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** One bracket: rungs at grace_period · η^(k + s) below max_t, highest first, each with the rewards recorded there. */
class Bracket {
  readonly rungs: { milestone: number; recorded: Map<number, number> }[] = [];

  constructor(private readonly config: AshaConfig, offset: number) {
    const { grace_period: r, reduction_factor: eta, max_t: maxT } = config;
    const count = Math.floor(Math.log(maxT / r) / Math.log(eta) + 1e-9) + 1 - offset;
    for (let k = 0; k < count; k++) this.rungs.push({ milestone: r * eta ** (k + offset), recorded: new Map() });
    this.rungs.reverse();
  }

  /**
   * A trial reaching a rung it has not been recorded at is compared with the trials recorded there
   * before it: below the top 1/η of them, it stops. Either way its reward is recorded.
   */
  onResult(trialId: number, progress: number, reward: number): 'continue' | 'stop' {
    let action: 'continue' | 'stop' = 'continue';
    for (const rung of this.rungs) {
      if (progress < rung.milestone || rung.recorded.has(trialId)) continue;
      if (rung.recorded.size > 0) {
        const cutoff = percentile([...rung.recorded.values()], (1 - 1 / this.config.reduction_factor) * 100);
        if (reward < cutoff) action = 'stop';
      }
      rung.recorded.set(trialId, reward);
      break;
    }
    return action;
  }
}

/**
 * Asynchronous successive halving (Li et al. 2018, "A System for Massively Parallel Hyperparameter
 * Tuning"), as Ray Tune's AsyncHyperBandScheduler: promotions are decided as results arrive, without
 * waiting for a rung to fill, so no worker idles.
 */
export function createAsyncHyperbandScheduler(config: AshaConfig, seed: number): TrialScheduler {
  const brackets = Array.from({ length: config.brackets }, (_, s) => new Bracket(config, s));
  // Ray Tune weights bracket s by η^-s (normalised) and draws each trial's bracket at random.
  const weights = brackets.map((_, s) => config.reduction_factor ** -s);
  const total = weights.reduce((a, b) => a + b, 0);
  const rng = new SeededRandom(seed);
  const assigned = new Map<number, Bracket>();
  const bracketOf = (trialId: number): Bracket => {
    let bracket = assigned.get(trialId);
    if (!bracket) {
      let r = rng.next() * total;
      let s = 0;
      while (s < brackets.length - 1 && r >= weights[s]) r -= weights[s++];
      bracket = brackets[s];
      assigned.set(trialId, bracket);
    }
    return bracket;
  };
  return {
    onReport(report: TrialReport) {
      const progress = progressOf(report, config.time_attr);
      if (!Number.isFinite(report.reward)) return 'stop';
      const action = bracketOf(report.trialId).onResult(report.trialId, progress, report.reward);
      if (action === 'continue' && config.stop_last_trials && progress >= config.max_t) return 'complete';
      return action;
    },
    onComplete(trialId: number) {
      assigned.delete(trialId);
    },
  };
}
