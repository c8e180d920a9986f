import type { OptimizerType } from '@overture/config';
import { Adadelta, type AdadeltaOptions } from './adadelta.js';
import { Adafactor, type AdafactorOptions } from './adafactor.js';
import { Adagrad, type AdagradOptions } from './adagrad.js';
import { Adam, type AdamOptions } from './adam.js';
import { Adamax, type AdamaxOptions } from './adamax.js';
import { Muon, type MuonOptions } from './muon.js';
import { Nadam, type NadamOptions } from './nadam.js';
import { Radam, type RadamOptions } from './radam.js';
import { Rmsprop, type RmspropOptions } from './rmsprop.js';
import { ScheduleFreeAdamW, type ScheduleFreeAdamWOptions } from './schedule-free-adamw.js';
import { Sgd, type SgdOptions } from './sgd.js';
import { Lbfgs, type LbfgsOptions } from './lbfgs.js';
import type { Optimizer } from './optimizer.js';

/** Optimizer implementations keyed by the config's `trainer.optimizer.type` (a missing one fails tsc). */
export const optimizers = {
  adam: (o: AdamOptions) => new Adam(o),
  adamw: (o: AdamOptions) => new Adam(o, true),
  sgd: (o: SgdOptions) => new Sgd(o),
  rmsprop: (o: RmspropOptions) => new Rmsprop(o),
  adagrad: (o: AdagradOptions) => new Adagrad(o),
  adadelta: (o: AdadeltaOptions) => new Adadelta(o),
  adamax: (o: AdamaxOptions) => new Adamax(o),
  nadam: (o: NadamOptions) => new Nadam(o),
  radam: (o: RadamOptions) => new Radam(o),
  adafactor: (o: AdafactorOptions) => new Adafactor(o),
  schedule_free_adamw: (o: ScheduleFreeAdamWOptions) => new ScheduleFreeAdamW(o),
  muon: (o: MuonOptions) => new Muon(o),
  lbfgs: (o: LbfgsOptions) => new Lbfgs(o),
} satisfies Record<OptimizerType, (options: never) => Optimizer>;

export type OptimizerName = keyof typeof optimizers;

export function createOptimizer(config: { type: string } & Record<string, unknown>): Optimizer {
  const factory = (optimizers as Record<string, (o: unknown) => Optimizer>)[config.type];
  if (!factory) throw new Error(`unknown optimizer '${config.type}'`);
  return factory(config);
}
