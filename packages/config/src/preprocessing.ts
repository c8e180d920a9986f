import { z } from 'zod';
import { doc } from './common.js';

const probabilitiesField = () =>
  doc(
    z
      .tuple([z.number().min(0).max(1), z.number().min(0).max(1), z.number().min(0).max(1)])
      .default([0.7, 0.1, 0.2])
      .refine((p) => Math.abs(p[0] + p[1] + p[2] - 1) <= 1e-6, {
        message: 'split probabilities must sum to 1 (train, validation, test)',
      }),
    'Fractions of rows in the training, validation and test sets; they must sum to 1.',
    { commonly_used: true, suggested_values: [[0.7, 0.1, 0.2], [0.8, 0.1, 0.1], [0.6, 0.2, 0.2]] },
  );

export const ZRandomSplit = z.strictObject({
  type: doc(z.literal('random'), 'Assign rows to splits at random (seeded).'),
  probabilities: probabilitiesField(),
});
export const ZFixedSplit = z.strictObject({
  type: doc(z.literal('fixed'), 'Read the split of each row from a column: 0/train, 1/validation, 2/test.'),
  column: doc(z.string().min(1).default('split'), 'Column holding the split of each row.'),
});
export const ZStratifySplit = z.strictObject({
  type: doc(z.literal('stratify'), 'Random split that keeps the class proportions of a column in every split.'),
  column: doc(z.string().min(1), 'Category column whose proportions are kept.'),
  probabilities: probabilitiesField(),
});
export const ZDatetimeSplit = z.strictObject({
  type: doc(z.literal('datetime'), 'Oldest rows to training, newest to test.'),
  column: doc(z.string().min(1), 'Date column to order rows by.'),
  probabilities: probabilitiesField(),
  datetime_format: doc(z.string().nullable().default(null), 'Format of the dates; null infers it.'),
});
export const ZHashSplit = z.strictObject({
  type: doc(z.literal('hash'), 'Split by a hash of a key column, stable as rows are added.'),
  column: doc(z.string().min(1), 'Key column to hash (e.g. a user id).'),
  probabilities: probabilitiesField(),
});

export const ZSplit = z.discriminatedUnion('type', [ZRandomSplit, ZFixedSplit, ZStratifySplit, ZDatetimeSplit, ZHashSplit]);
export type SplitConfig = z.output<typeof ZSplit>;
export type SplitType = SplitConfig['type'];

/** Global preprocessing (Ludwig `PreprocessingConfig`); per-type blocks live in `defaults`. */
export const ZGlobalPreprocessing = z.strictObject({
  sample_ratio: doc(z.number().gt(0).max(1).default(1), 'Fraction of the dataset to use.'),
  sample_size: doc(z.number().int().positive().nullable().default(null), 'Number of rows to use; overrides sample_ratio.'),
  oversample_minority: doc(z.number().gt(0).max(1).nullable().default(null), 'Oversample the minority class of a binary output up to this ratio of the majority.'),
  undersample_majority: doc(z.number().gt(0).max(1).nullable().default(null), 'Undersample the majority class of a binary output down to this ratio.'),
  split: doc(ZSplit.prefault({ type: 'random' }), 'How rows are divided into training, validation and test sets.', { commonly_used: true }),
  global_max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Maximum sequence length across features (LLM; accepted for compatibility).'),
});
export type GlobalPreprocessingConfig = z.output<typeof ZGlobalPreprocessing>;
