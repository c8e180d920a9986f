import type { Clock } from '@overture/trainer/hyperopt';

/**
 * Ended trials of an earlier coordinator are handed back to the engine in the order they ended,
 * each after the engine has had a turn to propose (as it did the first time), so an adaptive
 * sampler sees the same observations in the same order and proposes the same next trials. A turn
 * that waits too long (the engine cannot launch its predecessor) goes ahead anyway: a resumed
 * study must never wait on itself.
 */
export class ReplayTurns {
  private readonly turns = new Map<number, { promise: Promise<void>; resolve: () => void }>();

  constructor(private readonly maxWaitMs = 2000) {}

  private turn(seq: number) {
    let entry = this.turns.get(seq);
    if (!entry) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => { resolve = r; });
      entry = { promise, resolve };
      this.turns.set(seq, entry);
    }
    return entry;
  }

  /** Resolves when the trial that ended `seq`-th may end again. */
  async waitFor(seq: number): Promise<void> {
    if (seq > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.turn(seq - 1).promise, new Promise<void>((r) => { timer = setTimeout(r, this.maxWaitMs); })]);
      clearTimeout(timer);
    }
  }

  /** The `seq`-th trial has ended again; its successor goes once the engine's loop has run. */
  done(seq: number): void {
    setImmediate(() => this.turn(seq).resolve());
  }
}

/**
 * The study's time as the engine sees it: the budget counts from when the study first started,
 * not from when this coordinator took it over.
 */
export function resumedClock(startedAtMs: number): Clock {
  const offset = Date.now() - startedAtMs;
  return {
    now: () => Date.now(),
    setTimer(ms, fn) {
      const handle = setTimeout(fn, Math.max(0, ms - offset));
      return () => clearTimeout(handle);
    },
  };
}
