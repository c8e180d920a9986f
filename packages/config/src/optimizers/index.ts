import { z } from 'zod';
import { ZAdadeltaOptimizer } from './adadelta.js';
import { ZAdafactorOptimizer } from './adafactor.js';
import { ZAdagradOptimizer } from './adagrad.js';
import { ZAdamOptimizer } from './adam.js';
import { ZAdamaxOptimizer } from './adamax.js';
import { ZAdamWOptimizer } from './adamw.js';
import { ZMuonOptimizer } from './muon.js';
import { ZNadamOptimizer } from './nadam.js';
import { ZRadamOptimizer } from './radam.js';
import { ZRmspropOptimizer } from './rmsprop.js';
import { ZScheduleFreeAdamWOptimizer } from './schedule-free-adamw.js';
import { ZSgdOptimizer } from './sgd.js';
import { ZLbfgsOptimizer } from './lbfgs.js';
import { unsupportedOptimizerSchemas } from './unsupported.js';

export * from './adadelta.js';
export * from './adafactor.js';
export * from './adagrad.js';
export * from './adam.js';
export * from './adamax.js';
export * from './adamw.js';
export * from './muon.js';
export * from './nadam.js';
export * from './radam.js';
export * from './rmsprop.js';
export * from './schedule-free-adamw.js';
export * from './sgd.js';
export * from './lbfgs.js';
export { unsupportedOptimizers, unsupportedOptimizerReasons, type UnsupportedOptimizerType } from './unsupported.js';

/** The optimizers Overture trains with, keyed by Ludwig's names (the trainer's registry mirrors this map). */
export const optimizerSchemas = {
  adam: ZAdamOptimizer,
  adamw: ZAdamWOptimizer,
  sgd: ZSgdOptimizer,
  rmsprop: ZRmspropOptimizer,
  adagrad: ZAdagradOptimizer,
  adadelta: ZAdadeltaOptimizer,
  adamax: ZAdamaxOptimizer,
  nadam: ZNadamOptimizer,
  radam: ZRadamOptimizer,
  adafactor: ZAdafactorOptimizer,
  schedule_free_adamw: ZScheduleFreeAdamWOptimizer,
  muon: ZMuonOptimizer,
  lbfgs: ZLbfgsOptimizer,
} as const satisfies Record<string, z.ZodObject>;

export type OptimizerType = keyof typeof optimizerSchemas;
export const optimizerTypes = Object.keys(optimizerSchemas) as OptimizerType[];

type Schemas = typeof optimizerSchemas & typeof unsupportedOptimizerSchemas;
const allSchemas = Object.values({ ...optimizerSchemas, ...unsupportedOptimizerSchemas }) as Schemas[keyof Schemas][];

export const ZOptimizer = z.discriminatedUnion('type', allSchemas as [Schemas[OptimizerType], ...Schemas[keyof Schemas][]]);
/** A resolved optimizer: unsupported names never get past validation. */
export type OptimizerConfig = z.output<(typeof optimizerSchemas)[OptimizerType]>;
