import type {
  AnomalyPreprocessing,
  BagPreprocessing,
  BinaryPreprocessing,
  CategoryPreprocessing,
  CategoryDistributionPreprocessing,
  DatePreprocessing,
  AudioPreprocessing,
  ImagePreprocessing,
  NumberPreprocessing,
  ResolvedConfig,
  SequencePreprocessing,
  SetPreprocessing,
  TextPreprocessing,
  TimeseriesOutputPreprocessing,
  TimeseriesPreprocessing,
  VectorPreprocessing,
} from '@overture/config';

/**
 * The slice of the resolved config that preprocessing reads, with Ludwig's field names.
 * Structural on purpose: a `ResolvedConfig` satisfies it (checked below), and so does the stored
 * `model_hyperparameters.json` that serving reads.
 */

export type MissingValueStrategy =
  | 'fill_with_const'
  | 'fill_with_mode'
  | 'fill_with_mean'
  | 'fill_with_false'
  | 'fill_with_true'
  | 'bfill'
  | 'ffill'
  | 'drop_row';

export type Normalization = 'zscore' | 'minmax' | 'log1p' | 'iq';

// Per-type preprocessing parameters, resolved (all defaults filled): the config package's own types.
export type {
  AnomalyPreprocessing,
  AudioPreprocessing,
  BagPreprocessing,
  BinaryPreprocessing,
  CategoryPreprocessing,
  CategoryDistributionPreprocessing,
  DatePreprocessing,
  ImagePreprocessing,
  NumberPreprocessing,
  SequencePreprocessing,
  SetPreprocessing,
  TextPreprocessing,
  TimeseriesOutputPreprocessing,
  TimeseriesPreprocessing,
  VectorPreprocessing,
} from '@overture/config';

/** A timeseries input (window_size) or output (horizon): the two share everything else. */
export type TimeseriesFeaturePreprocessing = TimeseriesPreprocessing | TimeseriesOutputPreprocessing;

/** Resolved preprocessing parameters of each feature type this folder handles. */
export interface PreprocessingByType {
  binary: BinaryPreprocessing;
  number: NumberPreprocessing;
  category: CategoryPreprocessing;
  set: SetPreprocessing;
  bag: BagPreprocessing;
  date: DatePreprocessing;
  vector: VectorPreprocessing;
  text: TextPreprocessing;
  sequence: SequencePreprocessing;
  image: ImagePreprocessing;
  timeseries: TimeseriesFeaturePreprocessing;
  audio: AudioPreprocessing;
  category_distribution: CategoryDistributionPreprocessing;
  anomaly: AnomalyPreprocessing;
}

export type PreprocessedType = keyof PreprocessingByType;

/** A feature's config as preprocessing sees it; `column` defaults to `name`. */
export type FeatureView<T extends PreprocessedType = PreprocessedType> = {
  [K in T]: { name: string; type: K; column?: string | undefined; preprocessing: PreprocessingByType[K] };
}[T];

export type { GlobalPreprocessingConfig, SplitConfig } from '@overture/config';
import type { GlobalPreprocessingConfig } from '@overture/config';

/** The config sections preprocessing needs (a resolved Overture/Ludwig config has them all). */
export interface PreprocessingConfigView {
  input_features: readonly FeatureView[];
  output_features: readonly FeatureView[];
  preprocessing: Pick<GlobalPreprocessingConfig, 'sample_ratio' | 'sample_size' | 'oversample_minority' | 'undersample_majority' | 'split'>;
}

// A resolved config is what the trainer passes; this fails to compile if the two drift apart.
type Assert<T extends true> = T;
export type ResolvedConfigIsAccepted = Assert<ResolvedConfig extends PreprocessingConfigView ? true : false>;

/** The dataset column a feature reads. */
export function columnOf(feature: { name: string; column?: string | undefined }): string {
  return feature.column ?? feature.name;
}
