import { mergeWithBase } from './base-metadata.js';
import { OvertureError } from '@overture/config';
import type { RawTable } from '../data/table.js';
import { SeededRandom } from '../util/random.js';
import type { PreprocessingConfigView } from './config-view.js';
import type { ParsedColumn, RowSelection } from './features/index.js';
import type { FeatureContext } from './features/index.js';
import { checkColumns, createContext, listFeatures, type FeatureEntry } from './pipeline.js';
import { balanceConfigError, balanceTrainingRows, gatherRows, sampleRows } from './sampling.js';
import { assignSplits } from './splits/index.js';
import type { EncodedColumn, FeatureMetadata, PreprocessingReport, ProcessedDataset, TrainingSetMetadata } from './types.js';
import { SPLIT_TEST, SPLIT_TRAIN, SPLIT_VALIDATION } from './types.js';
import { dictionary } from '../util/dictionary.js';
import { loadVocabularyFile } from './text/vocab-file.js';
import type { DecodedMedia } from './media/decoded-media.js';
import type { ParsedImages } from './features/image.js';
import type { ParsedAudio } from './features/audio.js';

export interface TrainingPreprocessingOptions {
  /** Seeds sampling, the random/stratify split and over/undersampling (default config seed: 42). */
  seed: number;
  /** The decoded image columns (`decodeMediaInputs`), when the config has image inputs. */
  images?: DecodedMedia;
  /**
   * Fine-tuning: the loaded model's metadata, which features it also has keep (vocabularies
   * extended with new values; see base-metadata.ts) instead of what this data alone would give.
   */
  baseMetadata?: TrainingSetMetadata;
}

export interface TrainingPreprocessingResult {
  dataset: ProcessedDataset;
  metadata: TrainingSetMetadata;
  report: PreprocessingReport;
}

interface FeatureState extends FeatureEntry {
  ctx: FeatureContext;
  parsed: ParsedColumn;
  metadata?: FeatureMetadata;
}

function selectRows(dropped: Uint8Array, splitOfPosition: Uint8Array): RowSelection {
  let count = 0;
  for (let p = 0; p < dropped.length; p++) if (!dropped[p]) count++;
  const kept = new Int32Array(count);
  const split = new Uint8Array(count);
  for (let p = 0, k = 0; p < dropped.length; p++) {
    if (dropped[p]) continue;
    kept[k] = p;
    split[k++] = splitOfPosition[p];
  }
  return { kept, split };
}

function countSplits(split: Uint8Array): PreprocessingReport['split'] {
  const sizes = [0, 0, 0];
  for (let i = 0; i < split.length; i++) sizes[split[i]]++;
  return { train: sizes[SPLIT_TRAIN], validation: sizes[SPLIT_VALIDATION], test: sizes[SPLIT_TEST] };
}

function requireTrainingRows(rows: RowSelection, sampled: number, dropped: PreprocessingReport['droppedRows']): void {
  if (rows.split.includes(SPLIT_TRAIN)) return;
  const reasons = dropped.map((d) => `${d.count} because '${d.feature}' had ${d.reason === 'outlier' ? 'an outlier' : 'a missing value'}`);
  throw new OvertureError(
    'invalid_data',
    `No training rows are left: of ${sampled} rows, ${rows.kept.length} were kept` +
      `${reasons.length > 0 ? ` (dropped: ${reasons.join('; ')})` : ''} and none of them is in the training split. ` +
      'Check the split settings and the drop_row missing-value strategies.',
  );
}

function singleClassError(state: FeatureState, label: string): OvertureError {
  return new OvertureError(
    'invalid_data',
    `Output '${state.feature.name}' has only one class ('${label}') in column '${state.column}': nothing to learn. Predict a column whose values vary.`,
    [{ path: state.column, message: 'only one class' }],
  );
}

/**
 * RawTable → typed arrays, in Ludwig's order: check columns, sample, split, drop rows
 * (drop_row), metadata (statistics and fills from training rows, vocabularies from all rows),
 * encode, then over/undersample the training split.
 */
export function preprocessForTraining(
  table: RawTable,
  config: PreprocessingConfigView,
  options: TrainingPreprocessingOptions,
): TrainingPreprocessingResult {
  const global = config.preprocessing;
  const entries = listFeatures(config);
  checkColumns(table, entries, global.split);
  if (table.rowCount === 0) throw new OvertureError('invalid_data', 'The dataset has no rows.');
  const balancing = global.oversample_minority != null || global.undersample_majority != null;
  const outputs = entries.filter((e) => e.role === 'output');
  if (balancing && (outputs.length !== 1 || outputs[0].feature.type !== 'binary')) {
    throw balanceConfigError('oversample_minority / undersample_majority need exactly one output feature, of type binary.');
  }

  // Independent streams, so e.g. changing sample_ratio does not reshuffle how duplicates are picked.
  const seeds = new SeededRandom(options.seed);
  const sampleSeed = seeds.nextSeed();
  const splitSeed = seeds.nextSeed();
  const balanceSeed = seeds.nextSeed();

  const tableRows = sampleRows(table.rowCount, global, sampleSeed);
  const identity = tableRows.length === table.rowCount;
  const n = tableRows.length;
  const splitOfPosition = assignSplits(global.split, { table, rows: tableRows, seed: splitSeed });

  const states: FeatureState[] = entries.map((entry) => {
    const ctx = { ...createContext(entry, entry.feature.preprocessing, 'training', tableRows, identity, {}, options.images), readVocabularyFile: loadVocabularyFile };
    return { ...entry, ctx, parsed: entry.preprocessor.parse(table.data[entry.column], ctx) };
  });
  for (const s of states) {
    if (s.role === 'output' && n > 0 && !s.parsed.missing.includes(0)) {
      throw new OvertureError('invalid_data', `Output '${s.feature.name}' has no values: column '${s.column}' is empty in every row.`, [
        { path: s.column, message: 'no values' },
      ]);
    }
  }

  const report: PreprocessingReport = {
    rows: { total: table.rowCount, sampled: n, kept: 0, final: 0 },
    droppedRows: [],
    missingValuesFilled: {},
    outliersReplaced: {},
    nonNumericValues: {},
    unparseableValues: {},
    truncatedSequences: {},
    split: { train: 0, validation: 0, test: 0 },
    balance: null,
  };

  const dropped = new Uint8Array(n);
  for (const s of states) {
    // An anomaly output has no strategy (an empty label is 'unlabeled', never dropped).
    if (!('missing_value_strategy' in s.feature.preprocessing) || s.feature.preprocessing.missing_value_strategy !== 'drop_row') continue;
    let count = 0;
    for (let p = 0; p < n; p++) {
      if (s.parsed.missing[p] && !dropped[p]) {
        dropped[p] = 1;
        count++;
      }
    }
    if (count > 0) report.droppedRows.push({ feature: s.feature.name, reason: 'missing_value', count });
  }
  let rows = selectRows(dropped, splitOfPosition);
  requireTrainingRows(rows, n, report.droppedRows);

  for (const s of states) {
    s.metadata = s.preprocessor.buildMetadata(s.parsed, s.ctx, rows);
    const base = options.baseMetadata && Object.hasOwn(options.baseMetadata, s.feature.name) ? options.baseMetadata[s.feature.name] : undefined;
    if (!base) continue;
    const merged = mergeWithBase(s.metadata as FeatureMetadata, base);
    s.metadata = merged.metadata;
    if (merged.added.length > 0) (report.extendedVocabularies ??= dictionary())[s.feature.name] = merged.added;
  }

  let outlierDrops = false;
  for (const s of states) {
    const mask = s.preprocessor.dropMask?.(s.parsed, s.ctx, s.metadata as FeatureMetadata, rows) ?? null;
    if (mask === null) continue;
    let count = 0;
    for (let p = 0; p < n; p++) {
      if (mask[p] && !dropped[p]) {
        dropped[p] = 1;
        count++;
      }
    }
    if (count > 0) {
      report.droppedRows.push({ feature: s.feature.name, reason: 'outlier', count });
      outlierDrops = true;
    }
  }
  if (outlierDrops) {
    rows = selectRows(dropped, splitOfPosition);
    requireTrainingRows(rows, n, report.droppedRows);
  }

  const features: Record<string, EncodedColumn> = dictionary();
  const metadata: TrainingSetMetadata = dictionary();
  for (const s of states) {
    const meta = s.metadata as FeatureMetadata;
    if (s.role === 'output' && meta.type === 'category' && meta.vocab_size < 2) throw singleClassError(s, meta.idx2str[0] ?? '');
    const result = s.preprocessor.encode(s.parsed, s.ctx, meta, rows.kept);
    if (s.role === 'output' && meta.type === 'binary') {
      const values = result.column.values;
      if (values.every((v) => v === values[0])) throw singleClassError(s, meta.bool2str[values[0] ? 1 : 0]);
    }
    features[s.feature.name] = result.column;
    metadata[s.feature.name] = meta;
    if (result.filled > 0) report.missingValuesFilled[s.feature.name] = result.filled;
    if (result.outliers > 0) report.outliersReplaced[s.feature.name] = result.outliers;
    if (result.truncated !== undefined && result.truncated > 0) report.truncatedSequences[s.feature.name] = result.truncated;
    if (s.feature.type === 'number') report.nonNumericValues[s.feature.name] = s.parsed.unreadable;
    else if (s.parsed.unreadable > 0) report.unparseableValues[s.feature.name] = s.parsed.unreadable;
    if (s.feature.type === 'image' && s.parsed.unreadable > 0) (report.unreadableImages ??= {})[s.feature.name] = (s.parsed as ParsedImages).examples;
    if (s.feature.type === 'audio') {
      const audio = s.parsed as ParsedAudio;
      if (audio.unreadable > 0) (report.unreadableAudio ??= {})[s.feature.name] = audio.examples;
      if (audio.decoded.cropped > 0) (report.croppedAudio ??= {})[s.feature.name] = audio.decoded.cropped;
    }
  }

  let split = rows.split;
  const sourceRows = new Int32Array(rows.kept.length);
  for (let k = 0; k < rows.kept.length; k++) sourceRows[k] = tableRows[rows.kept[k]];
  let dataset: ProcessedDataset = { rowCount: rows.kept.length, features, split, sourceRows };
  report.rows.kept = rows.kept.length;

  if (balancing) {
    const target = outputs[0].feature.name;
    const balanced = balanceTrainingRows(features[target], split, global, balanceSeed);
    if (balanced !== null) {
      const { order } = balanced;
      const gathered: Record<string, EncodedColumn> = dictionary();
      for (const [name, column] of Object.entries(features)) gathered[name] = gatherRows(column, order);
      split = Uint8Array.from(order, (i) => rows.split[i]);
      dataset = { rowCount: order.length, features: gathered, split, sourceRows: Int32Array.from(order, (i) => sourceRows[i]) };
      report.balance = { feature: target, before: balanced.before, after: balanced.after };
    }
  }
  report.rows.final = dataset.rowCount;
  report.split = countSplits(dataset.split);
  return { dataset, metadata, report };
}
