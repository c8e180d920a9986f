import type { PreprocessedType, PreprocessingByType } from '../config-view.js';
import type { RowSelection } from '../missing-values.js';
import type { DecodedImageColumn } from '../image/decoded-image-column.js';
import type { DecodedAudioColumn } from '../audio/decoded-audio-column.js';
import type { DecodedTextEmbeddings } from '../pretrained/decoded-embeddings.js';
import type { EncodedColumn, FeatureRole, MetadataByType } from '../types.js';

export type { RowSelection } from '../missing-values.js';

export type PreprocessingMode = 'training' | 'prediction';

/** Everything a feature preprocessor knows about the feature and the rows it works on. */
export interface FeatureContext<T extends PreprocessedType = PreprocessedType> {
  name: string;
  column: string;
  role: FeatureRole;
  preprocessing: PreprocessingByType[T];
  mode: PreprocessingMode;
  /**
   * Table row of each position. A parsed column is indexed by position (the rows left after
   * sampling, in table order); `identity` says position === table row.
   */
  tableRows: Int32Array;
  identity: boolean;
  /** Prediction: a value was read leniently (treated as missing, filled from drop_row, unseen label…). */
  warn(position: number, message: string): void;
  /** Prediction: the row cannot be answered (its encoded values are placeholders). */
  rowError(position: number, message: string): void;
  /** Image features: the column decoded beforehand (decoding is asynchronous), indexed by table row. */
  images?: DecodedImageColumn;
  /** Audio features: the column decoded beforehand (files are read asynchronously), indexed by table row. */
  audio?: DecodedAudioColumn;
  /** Text features with a pretrained encoder: the frozen encoder's embeddings, computed beforehand, indexed by table row. */
  textEmbeddings?: DecodedTextEmbeddings;
  /**
   * Training: reads a text feature's `vocab_file` (text/vocab-file.ts). Given by preprocessForTraining
   * so the feature registry never imports the file system: prediction reads vocabularies from the
   * stored metadata, and its path must bundle for the browser.
   */
  readVocabularyFile?: (path: string, featureName: string) => string[];
}

/** A column parsed once: `missing[position]` is 1 for a missing (or unreadable) value. */
export interface ParsedColumn {
  missing: Uint8Array;
  /** Non-missing cells that could not be read as the feature's type (counted into the report). */
  unreadable: number;
}

/** A column kept as text (category, binary, set, bag). */
export interface ParsedStrings extends ParsedColumn {
  /** Cell text per position (lowercased when the feature asks for it); null when missing. */
  values: readonly (string | null)[];
}

export interface EncodeResult {
  column: EncodedColumn;
  /** Missing values filled by missing_value_strategy. */
  filled: number;
  /** Outliers replaced by outlier_strategy (number features). */
  outliers: number;
  /** Rows cut to max_sequence_length (text features). */
  truncated?: number;
}

/**
 * One feature type's preprocessing, run in this order: parse (once) → buildMetadata (training
 * only; vocabularies from all kept rows, statistics and fills from training rows) → dropMask
 * (training only, optional) → encode. At prediction the stored metadata replaces buildMetadata.
 */
export interface FeaturePreprocessor<T extends PreprocessedType, S extends ParsedColumn> {
  readonly type: T;
  /** `metadata` is present at prediction. */
  parse(cells: readonly (string | null)[], ctx: FeatureContext<T>, metadata?: MetadataByType[T]): S;
  buildMetadata(parsed: S, ctx: FeatureContext<T>, rows: RowSelection): MetadataByType[T];
  /** Extra rows to drop once metadata exists (number outliers with outlier_strategy drop_row). */
  dropMask?(parsed: S, ctx: FeatureContext<T>, metadata: MetadataByType[T], rows: RowSelection): Uint8Array | null;
  /** Encodes the kept positions, filling missing values by the strategy and the metadata's fill. */
  encode(parsed: S, ctx: FeatureContext<T>, metadata: MetadataByType[T], kept: Int32Array): EncodeResult;
}

/** Cells of the sampled rows, with `transform` applied; the table's own array when nothing changes. */
export function gatherCells(
  cells: readonly (string | null)[],
  ctx: FeatureContext,
  transform?: (value: string) => string,
): readonly (string | null)[] {
  if (ctx.identity && transform === undefined) return cells;
  const rows = ctx.tableRows;
  const out = new Array<string | null>(rows.length);
  for (let p = 0; p < rows.length; p++) {
    const v = cells[rows[p]];
    out[p] = v === null || transform === undefined ? v : transform(v);
  }
  return out;
}

/** 1 where the cell is null. */
export function nullMask(values: readonly (string | null)[], length: number): Uint8Array {
  const missing = new Uint8Array(length);
  for (let p = 0; p < length; p++) if (values[p] === null) missing[p] = 1;
  return missing;
}

/** 1-based data row of a position, for messages. */
export function dataRow(ctx: FeatureContext, position: number): number {
  return ctx.tableRows[position] + 1;
}

/** Emits the prediction warning for values filled although the strategy is drop_row. */
export function warnDropRowFills(ctx: FeatureContext, missing: Uint8Array, kept: Int32Array): void {
  if (ctx.mode !== 'prediction' || ctx.preprocessing.missing_value_strategy !== 'drop_row') return;
  for (let k = 0; k < kept.length; k++) {
    if (missing[kept[k]]) {
      ctx.warn(kept[k], `'${ctx.column}' is missing; filled with the training value (feature '${ctx.name}' drops such rows in training).`);
    }
  }
}

export function quote(value: string | null): string {
  return value === null ? 'missing' : `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
}
