import { ZAudioPreprocessing, ZImagePreprocessing, ZSequencePreprocessing, ZTextPreprocessing, ZTimeseriesOutputPreprocessing, ZTimeseriesPreprocessing } from '@overture/config';
import type { RawTable } from '../../data/table.js';
import type {
  FeatureView,
  PreprocessedType,
  PreprocessingByType,
  PreprocessingConfigView,
} from '../config-view.js';
import type { FeatureRole } from '../types.js';

/** Resolved preprocessing defaults (Ludwig's, LUDWIG_REFERENCE.md §1.3). */
export function defaultPreprocessing<T extends PreprocessedType>(type: T, role: FeatureRole): PreprocessingByType[T] {
  const outputStrategy = role === 'output' ? ({ missing_value_strategy: 'drop_row' } as const) : {};
  const byType: PreprocessingByType = {
    binary: { missing_value_strategy: 'fill_with_false', fill_value: null, fallback_true_label: null },
    number: { missing_value_strategy: 'fill_with_const', fill_value: 0, normalization: role === 'input' ? 'zscore' : null, outlier_strategy: null, outlier_threshold: 3 },
    category: { missing_value_strategy: 'fill_with_const', fill_value: '<UNK>', lowercase: false, most_common: 10000, cache_encoder_embeddings: false },
    set: { tokenizer: 'space', missing_value_strategy: 'fill_with_const', fill_value: '<UNK>', lowercase: false, most_common: 10000 },
    bag: { tokenizer: 'space', missing_value_strategy: 'fill_with_const', fill_value: '<UNK>', lowercase: false, most_common: 10000 },
    date: { missing_value_strategy: 'fill_with_const', fill_value: '', datetime_format: null },
    vector: { vector_size: null, missing_value_strategy: 'fill_with_const', fill_value: '' },
    text: ZTextPreprocessing.parse({}),
    sequence: ZSequencePreprocessing.parse({}),
    image: ZImagePreprocessing.parse({}),
    timeseries: role === 'input' ? ZTimeseriesPreprocessing.parse({}) : ZTimeseriesOutputPreprocessing.parse({}),
    audio: ZAudioPreprocessing.parse({}),
    category_distribution: { missing_value_strategy: 'drop_row', fill_value: '', vocab: ['a', 'b', 'c'] },
    anomaly: {},
  };
  return { ...byType[type], ...outputStrategy };
}

export function feature<T extends PreprocessedType>(
  name: string,
  type: T,
  role: FeatureRole,
  preprocessing: Partial<PreprocessingByType[T]> = {},
  column?: string,
): FeatureView {
  return { name, type, column, preprocessing: { ...defaultPreprocessing(type, role), ...preprocessing } } as unknown as FeatureView;
}

export const input = <T extends PreprocessedType>(name: string, type: T, preprocessing: Partial<PreprocessingByType[T]> = {}) =>
  feature(name, type, 'input', preprocessing);
export const output = <T extends PreprocessedType>(name: string, type: T, preprocessing: Partial<PreprocessingByType[T]> = {}) =>
  feature(name, type, 'output', preprocessing);

export function makeConfig(
  inputs: FeatureView[],
  outputs: FeatureView[],
  preprocessing: Partial<PreprocessingConfigView['preprocessing']> = {},
): PreprocessingConfigView {
  return {
    input_features: inputs,
    output_features: outputs,
    preprocessing: {
      sample_ratio: 1,
      sample_size: null,
      oversample_minority: null,
      undersample_majority: null,
      split: { type: 'random', probabilities: [0.7, 0.1, 0.2] },
      ...preprocessing,
    },
  };
}

/** All rows in training: a fixed split on a generated column. */
export const allTrain = { split: { type: 'fixed', column: 'split' } } as const;

export function makeTable(data: Record<string, (string | null)[]>, splitColumn?: (string | null)[]): RawTable {
  const all = splitColumn === undefined ? data : { ...data, split: splitColumn };
  const columns = Object.keys(all);
  const rowCount = columns.length === 0 ? 0 : all[columns[0]].length;
  return { columns, rowCount, data: all };
}

/** A table whose every row is a training row (fixed split column of zeros unless given). */
export function trainTable(data: Record<string, (string | null)[]>, split?: (string | null)[]): RawTable {
  const rowCount = Object.values(data)[0]?.length ?? 0;
  return makeTable(data, split ?? new Array<string | null>(rowCount).fill('0'));
}

export const floats = (column: { values: Float32Array | Int32Array | Uint8Array }) => Array.from(column.values);
