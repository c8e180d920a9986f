import { z } from 'zod';
import { ZAdagradOptimizer } from './adagrad.js';
import { ZAdamOptimizer } from './adam.js';
import { ZAdamWOptimizer } from './adamw.js';
import { ZRmspropOptimizer } from './rmsprop.js';
import { ZSgdOptimizer } from './sgd.js';

export * from './adagrad.js';
export * from './adam.js';
export * from './adamw.js';
export * from './rmsprop.js';
export * from './sgd.js';

export const optimizerSchemas = {
  adam: ZAdamOptimizer,
  adamw: ZAdamWOptimizer,
  sgd: ZSgdOptimizer,
  rmsprop: ZRmspropOptimizer,
  adagrad: ZAdagradOptimizer,
} as const satisfies Record<string, z.ZodObject>;

export type OptimizerType = keyof typeof optimizerSchemas;
export const optimizerTypes = Object.keys(optimizerSchemas) as OptimizerType[];

/** Ludwig's optimizers that Overture does not implement (yet): refused with "not supported yet". */
export const unsupportedOptimizers = [
  'sgd_8bit', 'lbfgs', 'adam_8bit', 'paged_adam', 'paged_adam_8bit', 'adamw_8bit', 'paged_adamw', 'paged_adamw_8bit',
  'adadelta', 'adagrad_8bit', 'adamax', 'nadam', 'rmsprop_8bit', 'lamb', 'lamb_8bit', 'lars', 'lars_8bit', 'lion',
  'lion_8bit', 'paged_lion', 'paged_lion_8bit', 'radam', 'adafactor', 'schedule_free_adamw', 'muon', 'soap',
] as const;

export const ZOptimizer = z.discriminatedUnion('type', [
  ZAdamOptimizer, ZAdamWOptimizer, ZSgdOptimizer, ZRmspropOptimizer, ZAdagradOptimizer,
]);
export type OptimizerConfig = z.output<typeof ZOptimizer>;
