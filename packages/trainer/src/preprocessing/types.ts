import type { PretrainedTextMetadata } from './pretrained/decoded-embeddings.js';
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
  PreprocessedType,
  SequencePreprocessing,
  SetPreprocessing,
  TextPreprocessing,
  TimeseriesFeaturePreprocessing,
  VectorPreprocessing,
} from './config-view.js';
import type { TextVocabulary } from './text/text-vocabulary.js';

/** One feature's values, row-major `[rowCount, width]`; image pixels are uint8 (a quarter of float32's memory). */
export type EncodedColumn =
  | { dtype: 'float32'; values: Float32Array; width: number }
  | { dtype: 'int32'; values: Int32Array; width: number }
  | { dtype: 'uint8'; values: Uint8Array; width: number };

/** A zeroed array of `length` values of an encoded column's dtype. */
export function encodedArray(dtype: EncodedColumn['dtype'], length: number): Float32Array | Int32Array | Uint8Array {
  return dtype === 'float32' ? new Float32Array(length) : dtype === 'int32' ? new Int32Array(length) : new Uint8Array(length);
}

export interface ProcessedDataset {
  rowCount: number;
  /** Keyed by feature name, inputs and outputs. */
  features: Record<string, EncodedColumn>;
  /** 0 train, 1 validation, 2 test (per kept row). */
  split: Uint8Array;
  /** Original (0-based) table row of each kept row. */
  sourceRows: Int32Array;
}

export const SPLIT_TRAIN = 0;
export const SPLIT_VALIDATION = 1;
export const SPLIT_TEST = 2;

export type FeatureRole = 'input' | 'output';

interface FeatureMetadataBase<T extends PreprocessedType, P> {
  type: T;
  role: FeatureRole;
  /** Dataset column the feature was read from. */
  column: string;
  /** The resolved preprocessing parameters the metadata was built with. */
  preprocessing: P;
}

/** Ludwig's binary metadata; `bool2str` is `[falseLabel, trueLabel]`. */
export interface BinaryMetadata extends FeatureMetadataBase<'binary', BinaryPreprocessing> {
  str2bool: Record<string, boolean>;
  bool2str: [string, string];
  fallback_true_label: string | null;
  /** Value a missing cell becomes (fill_value, mode of the training rows, false/true). */
  computed_fill_value: boolean;
}

export interface NumberMetadata extends FeatureMetadataBase<'number', NumberPreprocessing> {
  mean: number;
  std: number;
  min: number;
  max: number;
  median: number;
  q1: number;
  q3: number;
  /** Raw (unnormalized) value a missing cell becomes. */
  computed_fill_value: number;
  /** Raw value an outlier becomes; null without an outlier_strategy. */
  computed_outlier_fill_value: number | null;
  /**
   * Distinct quantiles of the training values (raw scale) at 0, 1/64, …, 1: the bin edges of
   * the `ple` encoder (absent in metadata written before 2026-11).
   */
  quantiles?: number[];
}

/** Category, set and bag share Ludwig's vocabulary metadata. */
interface VocabularyMetadata {
  idx2str: string[];
  str2idx: Record<string, number>;
  str2freq: Record<string, number>;
  vocab_size: number;
  computed_fill_value: string;
}

export interface CategoryMetadata extends FeatureMetadataBase<'category', CategoryPreprocessing>, VocabularyMetadata {}

/**
 * Ludwig's category_distribution metadata: the vocabulary is the config's `preprocessing.vocab`
 * (never learnt from the data), `idx2str`/`str2idx`/`vocab_size` as Ludwig writes them.
 */
export interface CategoryDistributionMetadata extends FeatureMetadataBase<'category_distribution', CategoryDistributionPreprocessing> {
  idx2str: string[];
  str2idx: Record<string, number>;
  vocab_size: number;
  /** Raw text a missing cell becomes ('' → uniform). */
  computed_fill_value: string;
}

/**
 * An anomaly output: Ludwig writes no metadata for it; `threshold` is the score at or above which
 * a row is predicted an anomaly, set after training (the config's number, or threshold: auto's
 * percentile of the validation scores). null until then, as Ludwig's +inf: nothing is flagged.
 */
export interface AnomalyMetadata extends FeatureMetadataBase<'anomaly', AnomalyPreprocessing> {
  threshold: number | null;
}

export interface SetMetadata extends FeatureMetadataBase<'set', SetPreprocessing>, VocabularyMetadata {
  max_set_size: number;
}

export interface BagMetadata extends FeatureMetadataBase<'bag', BagPreprocessing>, VocabularyMetadata {
  max_set_size: number;
}

export interface DateMetadata extends FeatureMetadataBase<'date', DatePreprocessing> {
  /** Raw text a missing cell becomes ('' or unparseable → 1970-01-01T00:00:00). */
  computed_fill_value: string;
  /**
   * Mean and standard deviation of the year over the training rows' dates, so encoders can feed
   * the year standardized (absent in metadata written before 2026-11).
   */
  year_mean?: number;
  year_std?: number;
}

export interface VectorMetadata extends FeatureMetadataBase<'vector', VectorPreprocessing> {
  vector_size: number;
  /** Raw text a missing cell becomes ('' → zeros). */
  computed_fill_value: string;
}

/**
 * Ludwig's text metadata (`idx2str`, `str2idx`, `str2freq`, `str2idf`, `vocab_size`,
 * `max_sequence_length`, `max_sequence_length_99ptile`, `pad_idx`, `padding_symbol`, `unknown_symbol`).
 */
export interface TextMetadata extends FeatureMetadataBase<'text', TextPreprocessing>, Omit<TextVocabulary, 'truncated_rows'> {
  computed_fill_value: string;
  /** A pretrained encoder's input: the column is its frozen embeddings (float32, hidden_size wide), not token ids. */
  pretrained?: PretrainedTextMetadata;
}

/** Ludwig's sequence metadata: the same fields as text's (a sequence is text with another default tokenizer). */
export interface SequenceMetadata extends FeatureMetadataBase<'sequence', SequencePreprocessing>, Omit<TextVocabulary, 'truncated_rows'> {
  computed_fill_value: string;
}

/** Metadata of a token-sequence feature (text or sequence). */
export type TokenSequenceMetadata = TextMetadata | SequenceMetadata;

/** Whether a feature's metadata is a token sequence's (text or sequence), whatever it encodes to. */
export function isTokenSequenceMetadata(meta: { type: string }): meta is TokenSequenceMetadata {
  return meta.type === 'text' || meta.type === 'sequence';
}

/**
 * Ludwig's image metadata (`height`, `width`, `num_channels`): every image is brought to this size
 * and channel count, in training and at prediction.
 */
export interface ImageMetadata extends FeatureMetadataBase<'image', ImagePreprocessing> {
  height: number;
  width: number;
  num_channels: number;
  /** Per-channel value (0–255) of the image a missing one becomes when no row is copied. */
  fill_pixel: number[];
}

/** Ludwig's timeseries metadata: every series is padded or cut to `max_timeseries_length` steps. */
export interface TimeseriesMetadata extends FeatureMetadataBase<'timeseries', TimeseriesFeaturePreprocessing> {
  max_timeseries_length: number;
  /** Raw text a missing cell becomes ('' → all padding). */
  computed_fill_value: string;
}

/**
 * Ludwig's audio metadata (`feature_dim`, `sampling_rate_in_hz`, `max_length`, `reshape`): every
 * recording is at this rate and becomes max_length frames of feature_dim values.
 */
export interface AudioMetadata extends FeatureMetadataBase<'audio', AudioPreprocessing> {
  feature_dim: number;
  sampling_rate_in_hz: number;
  max_length: number;
  reshape: [number, number];
  /** The frame (feature_dim values) every step of a missing recording becomes when no row is copied. */
  fill_frame: number[];
}

export interface MetadataByType {
  binary: BinaryMetadata;
  number: NumberMetadata;
  category: CategoryMetadata;
  set: SetMetadata;
  bag: BagMetadata;
  date: DateMetadata;
  vector: VectorMetadata;
  text: TextMetadata;
  sequence: SequenceMetadata;
  image: ImageMetadata;
  timeseries: TimeseriesMetadata;
  audio: AudioMetadata;
  category_distribution: CategoryDistributionMetadata;
  anomaly: AnomalyMetadata;
}

export type FeatureMetadata = MetadataByType[PreprocessedType];

/** Everything inference needs to preprocess like training did, per feature name (JSON-serializable). */
export type TrainingSetMetadata = Record<string, FeatureMetadata>;

/** What preprocessing did, as plain data for the CLI and the run page. */
export interface PreprocessingReport {
  rows: {
    /** Rows in the table. */
    total: number;
    /** Rows after sample_ratio / sample_size. */
    sampled: number;
    /** Rows after dropping. */
    kept: number;
    /** Rows in the dataset (after over/undersampling the training split). */
    final: number;
  };
  /** Rows removed, per feature and reason; a row missing in two drop_row features counts once, for the first. */
  droppedRows: { feature: string; reason: 'missing_value' | 'outlier'; count: number }[];
  /** Missing values filled, per feature. */
  missingValuesFilled: Record<string, number>;
  /** Outliers replaced (outlier_strategy), per number feature. */
  outliersReplaced: Record<string, number>;
  /** Non-numeric strings treated as missing, per number feature. */
  nonNumericValues: Record<string, number>;
  /** Values that could not be read as their type and were treated as missing (dates), per feature. */
  unparseableValues: Record<string, number>;
  /** Images that could not be read (missing file, corrupt data, …) and were treated as missing, per image feature: the first rows and why. */
  unreadableImages?: Record<string, RowIssue[]>;
  /** Recordings that could not be read (missing file, not a WAV, truncated, …) and were treated as missing, per audio feature. */
  unreadableAudio?: Record<string, RowIssue[]>;
  /** Recordings longer than audio_file_length_limit_in_s, cut to it, per audio feature. */
  croppedAudio?: Record<string, number>;
  /** Fine-tuning: values of this data appended to the loaded model's vocabularies, per feature. */
  extendedVocabularies?: Record<string, string[]>;
  /** Rows whose token sequence (text) or series (timeseries) was longer than max_sequence_length / timeseries_length_limit and was cut, per feature. */
  truncatedSequences: Record<string, number>;
  /** Sizes after over/undersampling. */
  split: { train: number; validation: number; test: number };
  /** Present when oversample_minority / undersample_majority changed the training split. */
  balance: { feature: string; before: [number, number]; after: [number, number] } | null;
}

/** A problem with one row of a prediction request (1-based data row). */
export interface RowIssue {
  row: number;
  message: string;
}
