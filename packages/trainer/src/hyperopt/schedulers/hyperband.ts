import type { SchedulerConfig } from '@overture/config';
import { progressOf, type TrialReport, type TrialScheduler } from './scheduler.js';

type HyperbandConfig = Extract<SchedulerConfig, { type: 'hyperband' }>;

interface Bracket {
  /** Trials it takes before it closes (n0 of Li et al.). */
  capacity: number;
  /** Trials added so far. */
  members: number;
  /** Cumulative time units at each rung, the last being max_t. */
  milestones: number[];
  /** The rung its live trials are running to. */
  rung: number;
  /** Trials still in the bracket, with their latest reward. */
  live: Map<number, number>;
  /** Live trials that reached the current rung and wait for the others. */
  waiting: Set<number>;
}

/**
 * Synchronous HyperBand (Li et al. 2017, "Hyperband: A Novel Bandit-Based Approach to
 * Hyperparameter Optimization"), as Ray Tune's HyperBandScheduler. Trials fill brackets in turn:
 * bracket s (s = s_max … 0, then again) takes n = ⌈(s_max + 1)/(s + 1) · η^s⌉ trials, each first
 * given r = max_t · η^-s time units. A trial that reaches its bracket's rung is paused (its
 * checkpoint kept); once every live trial of the bracket is there, the best ⌊n/η⌋ resume with
 * η times the time and the rest stop (successive halving), until the last rung at max_t.
 */
export function createHyperbandScheduler(config: HyperbandConfig): TrialScheduler {
  const eta = config.reduction_factor;
  const sMax = Math.floor(Math.log(config.max_t) / Math.log(eta) + 1e-9);
  const brackets: Bracket[] = [];
  const bracketOf = new Map<number, Bracket>();
  let nextS = sMax;

  const open = (): Bracket => {
    const s = nextS;
    nextS = s === 0 ? sMax : s - 1;
    const r0 = config.max_t * eta ** -s;
    const milestones = Array.from({ length: s + 1 }, (_, i) => (i === s ? config.max_t : Math.max(1, Math.round(r0 * eta ** i))));
    const bracket: Bracket = { capacity: Math.ceil(((sMax + 1) / (s + 1)) * eta ** s), members: 0, milestones, rung: 0, live: new Map(), waiting: new Set() };
    brackets.push(bracket);
    return bracket;
  };

  /** Successive halving at the bracket's rung: the best ⌊n/η⌋ go on (at least one), the rest stop. */
  const halve = (bracket: Bracket): { resume: number[]; stop: number[] } => {
    const ranked = [...bracket.live].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([id]) => id);
    const keep = Math.max(1, Math.floor(ranked.length / eta));
    const stop = ranked.slice(keep);
    for (const id of stop) bracket.live.delete(id);
    bracket.waiting.clear();
    bracket.rung++;
    return { resume: ranked.slice(0, keep), stop };
  };

  return {
    onTrialAdd(trialId) {
      // A bracket closes once full or once it has halved: later trials start the next one.
      let bracket = brackets.at(-1);
      if (!bracket || bracket.rung > 0 || bracket.members >= bracket.capacity) bracket = open();
      bracket.members++;
      bracketOf.set(trialId, bracket);
      bracket.live.set(trialId, -Infinity);
    },
    onReport(report: TrialReport) {
      const bracket = bracketOf.get(report.trialId);
      if (!bracket) return 'continue';
      if (!Number.isFinite(report.reward)) return 'stop';
      bracket.live.set(report.trialId, report.reward);
      const progress = progressOf(report, config.time_attr);
      const milestone = bracket.milestones[bracket.rung];
      if (progress < milestone) return 'continue';
      if (bracket.rung === bracket.milestones.length - 1) return config.stop_last_trials ? 'complete' : 'continue';
      bracket.waiting.add(report.trialId);
      return 'pause';
    },
    onComplete(trialId) {
      const bracket = bracketOf.get(trialId);
      bracket?.live.delete(trialId);
      bracket?.waiting.delete(trialId);
    },
    decidePaused(paused, final) {
      const resume: number[] = [];
      const stop: number[] = [];
      const waitingFor = new Set(paused);
      for (const bracket of brackets) {
        if (bracket.waiting.size === 0) continue;
        const full = bracket.members >= bracket.capacity || final;
        // Every live trial is at the rung (none still running to it) and no new trial will join.
        const allThere = [...bracket.live.keys()].every((id) => bracket.waiting.has(id) && waitingFor.has(id));
        if (!full || !allThere) continue;
        const decision = halve(bracket);
        resume.push(...decision.resume);
        stop.push(...decision.stop);
      }
      return { resume, stop };
    },
  };
}
