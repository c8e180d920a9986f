import { z } from 'zod';
import { doc } from '../common.js';
import { ZTimeseriesEncoder } from '../encoders/index.js';
import { ZProjectorDecoder } from '../decoders/index.js';
import { ZTimeseriesLoss } from '../losses/index.js';
import { metricsByOutputType } from '../metrics.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField, noPretrainedEmbeddings, outputFeatureBase } from './base.js';

/**
 * How a cell's numbers are separated: Ludwig's `space` (whitespace) and `comma`. A cell written as a
 * JSON array (`[1, 2.5, 3]`, as JSON and Parquet readers stringify lists) is read as one with
 * either tokenizer.
 */
export const timeseriesTokenizers = ['space', 'comma'] as const;

const tokenizerField = () =>
  doc(
    z.string().default('space').superRefine((name, ctx) => {
      if ((timeseriesTokenizers as readonly string[]).includes(name)) return;
      ctx.addIssue({
        code: 'custom',
        message: `tokenizer '${name}' splits words, not numbers; a timeseries cell is read with space or comma (JSON arrays with either)`,
      });
    }),
    'How a cell is split into numbers: space (whitespace) or comma. A cell written as a JSON array is read with either.',
    { suggested_values: [...timeseriesTokenizers] },
  );

/** Ludwig's `BaseTimeseriesPreprocessingConfig`, shared by inputs and outputs. */
function basePreprocessingShape(role: 'input' | 'output') {
  return {
    tokenizer: tokenizerField(),
    timeseries_length_limit: doc(
      z.number().int().positive().default(256),
      'Longest series kept: longer ones are cut to this many steps (the cut rows are counted in the preprocessing report).',
      { commonly_used: true },
    ),
    padding_value: doc(z.number().min(0).default(0), 'Value of the padding steps, and of a missing or empty value inside a series.'),
    padding: doc(z.enum(['left', 'right']).default('right'), 'Which side of a shorter series is padded.'),
    missing_value_strategy: missingValueStrategyField(missingValueStrategies, role === 'input' ? 'fill_with_const' : 'drop_row'),
    fill_value: doc(z.string().default(''), 'Series that fill_with_const puts in place of a missing cell (numbers as in a cell); empty is all padding.'),
    computed_fill_value: doc(z.string().default(''), 'Set by preprocessing (Ludwig keeps it in the config); a value written here is replaced.'),
  };
}

/** Input preprocessing: Ludwig's `TimeseriesPreprocessingConfig`. */
export function timeseriesPreprocessingShape() {
  return {
    ...basePreprocessingShape('input'),
    window_size: doc(
      z.number().int().min(0).default(0),
      'Sliding window over a column of one number per row: each row\'s series is the window_size values ending at that row (steps before the first row are padding_value). 0: each cell is a whole series.',
      { commonly_used: true },
    ),
  };
}

/** Output preprocessing: Ludwig's `TimeseriesOutputPreprocessingConfig`. */
export function timeseriesOutputPreprocessingShape() {
  return {
    ...basePreprocessingShape('output'),
    horizon: doc(
      z.number().int().min(0).default(0),
      'Forecast target over a column of one number per row: each row\'s target is the horizon values after that row (steps past the last row are padding_value). 0: each cell is a whole series.',
      { commonly_used: true },
    ),
  };
}

export const ZTimeseriesPreprocessing = z.strictObject(timeseriesPreprocessingShape());
export type TimeseriesPreprocessing = z.output<typeof ZTimeseriesPreprocessing>;
export const ZTimeseriesOutputPreprocessing = z.strictObject(timeseriesOutputPreprocessingShape());
export type TimeseriesOutputPreprocessing = z.output<typeof ZTimeseriesOutputPreprocessing>;

export const ZTimeseriesInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('timeseries'),
  encoder: ZTimeseriesEncoder.prefault({ type: 'parallel_cnn' }),
  preprocessing: ZTimeseriesPreprocessing.prefault({}),
}).check(noPretrainedEmbeddings('timeseries'));

export const ZTimeseriesOutputFeature = z.strictObject({
  ...outputFeatureBase,
  type: z.literal('timeseries'),
  decoder: ZProjectorDecoder.prefault({ type: 'projector' }),
  loss: ZTimeseriesLoss.prefault({ type: 'huber' }),
  preprocessing: ZTimeseriesOutputPreprocessing.prefault({}),
  default_validation_metric: doc(
    z.enum(metricsByOutputType.timeseries).default('mean_squared_error'),
    'Metric watched when this output drives early stopping.',
  ),
  horizon: doc(z.number().int().positive().nullable().default(null), 'Set from the data (preprocessing.horizon or the longest target series); a value written here is replaced.'),
});
