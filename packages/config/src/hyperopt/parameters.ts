import { z } from 'zod';
import { doc } from '../common.js';

/**
 * Ludwig's parameter spaces (`ludwig/schema/hyperopt/parameter.py`), with Ray Tune's meaning:
 * `randint` and `lograndint` exclude `upper`; a quantized space (`q…`) includes it.
 */

const ZNumber = z.number().refine(Number.isFinite, 'must be a finite number');
const ZPositive = ZNumber.refine((v) => v > 0, 'must be greater than 0');
const lower = <T extends z.ZodType>(schema: T) => doc(schema, 'The minimum value the parameter can have.');
const upper = <T extends z.ZodType>(schema: T) => doc(schema, 'The maximum value the parameter can have.');
const base = doc(ZPositive.refine((v) => v !== 1, 'a logarithm base cannot be 1').default(10), 'Logarithmic base.');
const q = <T extends z.ZodType>(schema: T) => doc(schema, 'Quantization: values are rounded to the nearest multiple of q (which makes upper inclusive).');

export const ZChoiceParameter = z.strictObject({
  space: z.literal('choice'),
  categories: doc(z.array(z.unknown()).min(1, 'a choice needs at least one category'), 'Values to choose from; a value may be a whole sub-config (a mapping merged at the path).'),
});
export const ZGridSearchParameter = z.strictObject({
  space: z.literal('grid_search'),
  values: doc(z.array(z.unknown()).min(1, 'a grid_search needs at least one value'), 'Every value is tried (times num_samples).'),
});
export const ZUniformParameter = z.strictObject({ space: z.literal('uniform'), lower: lower(ZNumber), upper: upper(ZNumber) });
export const ZQUniformParameter = z.strictObject({ space: z.literal('quniform'), lower: lower(ZNumber), upper: upper(ZNumber), q: q(ZPositive) });
export const ZLogUniformParameter = z.strictObject({ space: z.literal('loguniform'), lower: lower(ZPositive), upper: upper(ZPositive), base });
export const ZQLogUniformParameter = z.strictObject({
  space: z.literal('qloguniform'), lower: lower(ZPositive), upper: upper(ZPositive), q: q(ZPositive), base,
});
export const ZRandnParameter = z.strictObject({
  space: z.literal('randn'),
  mean: doc(ZNumber.default(0), 'Mean of the normal distribution.'),
  sd: doc(ZPositive.default(1), 'Standard deviation of the normal distribution.'),
});
export const ZQRandnParameter = ZRandnParameter.extend({ space: z.literal('qrandn'), q: q(ZPositive) });
const ZInt = z.number().int('must be an integer');
const ZPositiveInt = ZInt.positive('must be greater than 0');
export const ZRandintParameter = z.strictObject({ space: z.literal('randint'), lower: lower(ZInt), upper: upper(ZInt) });
export const ZQRandintParameter = z.strictObject({ space: z.literal('qrandint'), lower: lower(ZInt), upper: upper(ZInt), q: q(ZPositiveInt.default(1)) });
export const ZLogRandintParameter = z.strictObject({ space: z.literal('lograndint'), lower: lower(ZPositiveInt), upper: upper(ZPositiveInt), base });
export const ZQLogRandintParameter = z.strictObject({
  space: z.literal('qlograndint'), lower: lower(ZPositiveInt), upper: upper(ZPositiveInt), q: q(ZPositiveInt.default(1)), base,
});

export const parameterSpaces = {
  choice: ZChoiceParameter,
  grid_search: ZGridSearchParameter,
  uniform: ZUniformParameter,
  quniform: ZQUniformParameter,
  loguniform: ZLogUniformParameter,
  qloguniform: ZQLogUniformParameter,
  randn: ZRandnParameter,
  qrandn: ZQRandnParameter,
  randint: ZRandintParameter,
  qrandint: ZQRandintParameter,
  lograndint: ZLogRandintParameter,
  qlograndint: ZQLogRandintParameter,
} as const;
export type ParameterSpaceName = keyof typeof parameterSpaces;

/** The spaces whose `upper` is excluded (Ray Tune's `randint`/`lograndint`), so `lower` must stay below it. */
const exclusiveUpper = new Set<string>(['randint', 'lograndint']);

export const ZParameter = z
  .discriminatedUnion('space', [
    ZChoiceParameter, ZGridSearchParameter, ZUniformParameter, ZQUniformParameter, ZLogUniformParameter, ZQLogUniformParameter,
    ZRandnParameter, ZQRandnParameter, ZRandintParameter, ZQRandintParameter, ZLogRandintParameter, ZQLogRandintParameter,
  ])
  .superRefine((p, ctx) => {
    if (!('lower' in p) || !('upper' in p)) return;
    const { lower: lo, upper: hi } = p as { lower: number; upper: number };
    if (lo > hi) ctx.addIssue({ code: 'custom', path: ['lower'], message: `lower (${lo}) is greater than upper (${hi})` });
    else if (lo === hi && exclusiveUpper.has(p.space)) {
      ctx.addIssue({ code: 'custom', path: ['upper'], message: `${p.space} excludes upper, so lower (${lo}) must be below it` });
    }
  });
export type HyperoptParameter = z.output<typeof ZParameter>;
