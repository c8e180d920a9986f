import { Adam, type AdamOptions } from './adam.js';
import { Sgd, type SgdOptions } from './sgd.js';
import { Rmsprop, type RmspropOptions } from './rmsprop.js';
import { Adagrad, type AdagradOptions } from './adagrad.js';
import type { Optimizer } from './optimizer.js';

/** Optimizer implementations keyed by the config's `trainer.optimizer.type`. */
export const optimizers = {
  adam: (o: AdamOptions) => new Adam(o),
  adamw: (o: AdamOptions) => new Adam(o, true),
  sgd: (o: SgdOptions) => new Sgd(o),
  rmsprop: (o: RmspropOptions) => new Rmsprop(o),
  adagrad: (o: AdagradOptions) => new Adagrad(o),
} satisfies Record<string, (options: never) => Optimizer>;

export type OptimizerName = keyof typeof optimizers;

export function createOptimizer(config: { type: string } & Record<string, unknown>): Optimizer {
  const factory = (optimizers as Record<string, (o: unknown) => Optimizer>)[config.type];
  if (!factory) throw new Error(`unknown optimizer '${config.type}'`);
  return factory(config);
}
