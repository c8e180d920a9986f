import { z } from 'zod';
import { ZFeatureType } from './feature-types.js';

/**
 * What profiling a dataset learns about each column. Produced by the trainer's pure-TS profiler
 * (`@overture/trainer/data`), stored by the platform, consumed by `autoConfig` here.
 */
export const ZColumnProfile = z.object({
  name: z.string(),
  /** Type chosen by Ludwig's AutoML inference rules. */
  inferredType: ZFeatureType,
  /** Why that type was chosen, in plain words (shown in the UI). */
  inferenceReason: z.string(),
  rowCount: z.number().int(),
  missingCount: z.number().int(),
  missingRatio: z.number(),
  distinctCount: z.number().int(),
  /** Most frequent non-missing values, most frequent first (at most 20). */
  topValues: z.array(z.object({ value: z.string(), count: z.number().int() })),
  /** Present when every non-missing value parses as a number. */
  numeric: z
    .object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number() })
    .nullable(),
  /** Equal-width histogram of numeric values (≤ 20 bins), null for non-numeric columns. */
  histogram: z.array(z.object({ start: z.number(), end: z.number(), count: z.number().int() })).nullable(),
  /** Average whitespace-separated word count of non-missing values. */
  averageWords: z.number(),
  /** Unique per row and named like an id (`id`, `*_id`, `ID*`, first column `index`): excluded as an input. */
  idLike: z.boolean(),
});
export type ColumnProfile = z.infer<typeof ZColumnProfile>;

export const ZDatasetProfile = z.object({
  rowCount: z.number().int(),
  /** Rows the statistics were computed from (all rows, or a sample of them). */
  sampledRows: z.number().int(),
  columns: z.array(ZColumnProfile),
});
export type DatasetProfile = z.infer<typeof ZDatasetProfile>;
