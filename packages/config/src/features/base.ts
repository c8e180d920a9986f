import { z } from 'zod';
import { doc } from '../common.js';

/** Ludwig's `MISSING_VALUE_STRATEGY_OPTIONS`; number adds `fill_with_mean`, binary adds `fill_with_false/true`. */
export const missingValueStrategies = ['fill_with_const', 'fill_with_mode', 'bfill', 'ffill', 'drop_row'] as const;

export function missingValueStrategyField<const T extends readonly [string, ...string[]]>(options: T, def: T[number]) {
  return doc(
    z.enum(options).default(def as never),
    'What to do with missing values in this column: fill with a constant (fill_value), the most frequent value, the previous or next value, or drop the row.',
    { commonly_used: true },
  );
}

/** Preprocessing defaults that differ between an input and an output of the same type. */
export interface PreprocessingRole {
  role: 'input' | 'output';
}

/** Every output feature drops rows whose target is missing (Ludwig `OutputFeaturesPreprocessing`). */
export const OUTPUT_MISSING_VALUE_STRATEGY = 'drop_row';

/** Ludwig's `calibration` of binary and category outputs: a temperature fitted on the validation split after training. */
export const calibrationField = () =>
  doc(
    z.boolean().default(false),
    'Calibrate the probabilities with temperature scaling: after training, one temperature T is fitted on the validation split (logits / T) and used for predictions, evaluation and the exported model. Predicted classes do not change; a binary threshold applies to the calibrated probability.',
  );

export const featureNameField = () =>
  doc(z.string().min(1), 'Name of the feature; also the column read from the dataset unless `column` is set.', {
    commonly_used: true,
  });

/** Fields every input feature has (Ludwig `BaseInputFeatureConfig`). */
export const inputFeatureBase = {
  name: featureNameField(),
  column: doc(z.string().min(1).optional(), 'Column of the dataset to read; defaults to the feature name.'),
  tied: doc(z.string().nullable().default(null), 'Name of another input feature of the same type whose encoder weights this feature shares.'),
};

export const reduceModes = ['sum', 'mean', 'avg', 'max', 'concat', 'last', 'attention', 'none'] as const;
export const ZReduceMode = z.enum(reduceModes);

/** Fields every output feature has (Ludwig `BaseOutputFeatureConfig`). */
export const outputFeatureBase = {
  name: featureNameField(),
  column: doc(z.string().min(1).optional(), 'Column of the dataset to read; defaults to the feature name.'),
  dependencies: doc(
    z.array(z.string()).default([]),
    'Output features whose decoder hidden state is fed into this decoder (e.g. predict a coarse label first, then a fine one).',
  ),
  reduce_input: doc(ZReduceMode.nullable().default('sum'), 'How to reduce the combiner output when it has a time axis.'),
  reduce_dependencies: doc(ZReduceMode.nullable().default('sum'), 'How to reduce the hidden states of the dependencies.'),
};

/** Fills `column` from `name`, so the resolved config always names the dataset column. */
export function withColumn<T extends { name: string; column?: string | undefined }>(feature: T): T & { column: string } {
  return { ...feature, column: feature.column ?? feature.name };
}

/**
 * `pretrained_embeddings` starts a table of token vectors; a timeseries or audio input has numbers
 * per step and no token table (Ludwig builds none), so the file would be read for nothing.
 */
export const noPretrainedEmbeddings = (type: 'timeseries' | 'audio') => (payload: z.core.ParsePayload<{ encoder: unknown }>) => {
  const file = (payload.value.encoder as { pretrained_embeddings?: unknown } | undefined)?.pretrained_embeddings;
  if (file === undefined || file === null) return;
  payload.issues.push({
    code: 'custom', input: file, path: ['encoder', 'pretrained_embeddings'],
    message: `pretrained_embeddings starts a table of token vectors, which a ${type} input does not have (its steps are numbers); remove it`,
  });
};
