import { OvertureError } from '@overture/config';
import type { RawTable } from '../data/table.js';
import type { PreprocessingConfigView } from './config-view.js';
import { createContext, hasColumn, identityRows, listFeatures } from './pipeline.js';
import type { EncodedColumn, ProcessedDataset, RowIssue, TrainingSetMetadata } from './types.js';
import { dictionary } from '../util/dictionary.js';
import type { DecodedMedia } from './media/decoded-media.js';

export interface PredictionPreprocessingResult {
  dataset: ProcessedDataset;
  /** Rows that cannot be answered (e.g. a vector of the wrong length); their values are placeholders. */
  rowErrors: RowIssue[];
  /**
   * Values read leniently, the row is still answered: a missing value filled although the feature
   * drops such rows in training, text that is not a number or date, an unseen binary value.
   */
  warnings: RowIssue[];
  /**
   * Per output present in the table: 1 where its value was missing (or unreadable) and was filled,
   * so evaluation can leave those rows out. (Category labels unseen in training encode as -1.)
   */
  outputMissing: Record<string, Uint8Array>;
}

function collect(issues: Map<number, string[]>): RowIssue[] {
  return [...issues.entries()].sort((a, b) => a[0] - b[0]).map(([row, messages]) => ({ row, message: messages.join(' ') }));
}

/**
 * Preprocesses rows to predict on exactly as training did, with the stored metadata (including
 * its preprocessing parameters). Never drops a row: row i of the dataset is row i of the table.
 * Outputs are encoded only when their columns are present (for evaluation).
 */
export function preprocessForPrediction(
  table: RawTable,
  config: Pick<PreprocessingConfigView, 'input_features' | 'output_features'>,
  metadata: TrainingSetMetadata,
  options: { images?: DecodedMedia } = {},
): PredictionPreprocessingResult {
  const entries = listFeatures(config);
  const n = table.rowCount;
  const rows = identityRows(n);
  const errors = new Map<number, string[]>();
  const warnings = new Map<number, string[]>();
  const add = (into: Map<number, string[]>) => (position: number, message: string) => {
    const list = into.get(position + 1);
    if (list === undefined) into.set(position + 1, [message]);
    else list.push(message);
  };
  const sinks = { warn: add(warnings), rowError: add(errors) };

  const features: Record<string, EncodedColumn> = dictionary();
  const outputMissing: Record<string, Uint8Array> = dictionary();
  for (const entry of entries) {
    const name = entry.feature.name;
    if (!hasColumn(table, entry.column)) {
      if (entry.role === 'output') continue;
      throw new OvertureError('invalid_input', `missing column '${entry.column}' required by input feature '${name}'`, [
        { path: entry.column, message: 'missing column' },
      ]);
    }
    const meta = Object.hasOwn(metadata, name) ? metadata[name] : undefined;
    if (meta === undefined || meta.type !== entry.feature.type) {
      throw new OvertureError(
        'invalid_config',
        `The training set metadata has no ${entry.feature.type} feature '${name}'${meta === undefined ? '' : ` (it has a ${meta.type} one)`}: the model was trained with another config.`,
      );
    }
    const ctx = createContext(entry, meta.preprocessing, 'prediction', rows, true, sinks, options.images);
    const parsed = entry.preprocessor.parse(table.data[entry.column], ctx, meta);
    features[name] = entry.preprocessor.encode(parsed, ctx, meta, rows).column;
    if (entry.role === 'output') outputMissing[name] = parsed.missing.map((flags) => (flags & 1 ? 1 : 0));
  }
  return {
    dataset: { rowCount: n, features, split: new Uint8Array(n), sourceRows: rows },
    rowErrors: collect(errors),
    warnings: collect(warnings),
    outputMissing,
  };
}
