import { z } from 'zod';
import { doc } from '../common.js';

/**
 * Ludwig's optimizer names that Overture does not implement, each with why and what to use. They
 * parse by name (so the user reads "not supported yet", not "not a valid optimizer") and are then
 * refused at `trainer.optimizer.type`.
 */
const bitsAndBytes = 'its 8-bit and paged variants are bitsandbytes CUDA kernels, which need a GPU (Ludwig refuses them on CPU too)';
export const unsupportedOptimizerReasons = {
  sgd_8bit: bitsAndBytes, adam_8bit: bitsAndBytes, paged_adam: bitsAndBytes, paged_adam_8bit: bitsAndBytes,
  adamw_8bit: bitsAndBytes, paged_adamw: bitsAndBytes, paged_adamw_8bit: bitsAndBytes, adagrad_8bit: bitsAndBytes,
  rmsprop_8bit: bitsAndBytes,
  lamb: 'Ludwig runs LAMB from bitsandbytes; use adamw', lamb_8bit: bitsAndBytes,
  lars: 'Ludwig runs LARS from bitsandbytes; use sgd with momentum', lars_8bit: bitsAndBytes,
  lion: 'Ludwig runs Lion from bitsandbytes; use adamw', lion_8bit: bitsAndBytes, paged_lion: bitsAndBytes, paged_lion_8bit: bitsAndBytes,
  soap: 'SOAP needs an eigendecomposition of per-matrix preconditioners; use adamw or muon',
} as const satisfies Record<string, string>;

export type UnsupportedOptimizerType = keyof typeof unsupportedOptimizerReasons;
export const unsupportedOptimizers = Object.keys(unsupportedOptimizerReasons) as UnsupportedOptimizerType[];

function unsupportedOptimizer<T extends UnsupportedOptimizerType>(name: T) {
  return z
    .looseObject({ type: doc(z.literal(name), `A Ludwig optimizer that Overture does not support yet.`) })
    .superRefine((_, ctx) => {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `'${name}' is a Ludwig optimizer that Overture does not support yet: ${unsupportedOptimizerReasons[name]}` });
    });
}

export const unsupportedOptimizerSchemas = Object.fromEntries(unsupportedOptimizers.map((n) => [n, unsupportedOptimizer(n)])) as {
  [K in UnsupportedOptimizerType]: ReturnType<typeof unsupportedOptimizer<K>>;
};
