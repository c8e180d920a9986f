import type { SchedulerConfig } from '@overture/config';
import { createAsyncHyperbandScheduler } from './async-hyperband.js';
import { createFifoScheduler } from './fifo.js';
import { createHyperbandScheduler } from './hyperband.js';
import { createMedianStoppingRule } from './median-stopping-rule.js';
import type { SchedulerFactory, TrialScheduler } from './scheduler.js';

export type { TrialReport, TrialScheduler } from './scheduler.js';
export { percentile } from './async-hyperband.js';

/** One scheduler per `executor.scheduler.type` the config accepts (a missing one fails to compile). */
export const schedulers = {
  fifo: () => createFifoScheduler(),
  async_hyperband: createAsyncHyperbandScheduler,
  hyperband: createHyperbandScheduler,
  median_stopping_rule: createMedianStoppingRule,
} satisfies { [T in SchedulerConfig['type']]: SchedulerFactory<T> };

export function createScheduler(config: SchedulerConfig, seed: number): TrialScheduler {
  switch (config.type) {
    case 'fifo':
      return schedulers.fifo();
    case 'async_hyperband':
      return schedulers.async_hyperband(config, seed);
    case 'hyperband':
      return schedulers.hyperband(config);
    case 'median_stopping_rule':
      return schedulers.median_stopping_rule(config);
  }
}
