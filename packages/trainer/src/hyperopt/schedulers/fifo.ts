import type { TrialScheduler } from './scheduler.js';

/** Ray Tune's FIFO scheduler: every trial runs to its end. */
export function createFifoScheduler(): TrialScheduler {
  return { onReport: () => 'continue', onComplete: () => undefined };
}
