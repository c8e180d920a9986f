import type { RawTable } from '../data/index.js';
import { formatPredictions, preprocessForPrediction, preprocessForTraining, type DecodedMedia, type PredictionRecord, type ProcessedDataset, type RowIssue } from '../preprocessing/index.js';
import type { LoadedBundle } from '../bundle/load-bundle.js';
import { predictRows } from '../evaluation/predict.js';
import { testStatisticsFor } from './test-statistics.js';

const BATCH = 1024;

export interface BundlePredictions {
  columns: string[];
  records: PredictionRecord[];
  rowErrors: RowIssue[];
}

/** The decoded image columns of a table (`decodeMediaInputs` with the bundle's metadata), when the model has image inputs. */
export interface TableImages {
  images?: DecodedMedia;
}

/** Predictions for every row of the table, in input order; the output columns may be absent. */
export function predictTable(bundle: LoadedBundle, table: RawTable, options: TableImages = {}): BundlePredictions {
  const { dataset, rowErrors } = preprocessForPrediction(table, bundle.config, bundle.metadata, options);
  const rows = Int32Array.from({ length: dataset.rowCount }, (_, i) => i);
  const { outputs } = predictRows(bundle.model, dataset, rows, BATCH);
  const { columns, records } = formatPredictions(outputs, bundle.metadata, dataset.rowCount);
  return { columns, records, rowErrors };
}

function isUnseenLabel(dataset: ProcessedDataset, name: string, row: number): boolean {
  const column = dataset.features[name];
  return column.dtype === 'int32' && column.width === 1 && column.values[row] < 0;
}

export type EvaluationSplit = 'full' | 'training' | 'validation' | 'test';
const splitIndex = { training: 0, validation: 1, test: 2 } as const;

/**
 * Test statistics of a saved model on a dataset. For a named split the rows are those the
 * training run assigned to it (the split is recomputed from the stored config and seed);
 * values are encoded with the bundle's metadata, never re-fitted.
 */
export function evaluateTable(bundle: LoadedBundle, table: RawTable, split: EvaluationSplit, options: TableImages = {}): Record<string, unknown> {
  const { dataset, outputMissing } = preprocessForPrediction(table, bundle.config, bundle.metadata, options);
  const missing = bundle.config.output_features.filter((f) => !dataset.features[f.name]).map((f) => f.column);
  if (missing.length > 0) throw new Error(`the dataset lacks the output column(s) ${missing.join(', ')}, needed to evaluate`);
  let rows: Int32Array;
  if (split === 'full') {
    rows = Int32Array.from({ length: dataset.rowCount }, (_, i) => i);
  } else {
    const assigned = preprocessForTraining(table, bundle.config, { seed: bundle.manifest.seed, images: options.images }).dataset;
    const wanted: number[] = [];
    for (let i = 0; i < assigned.rowCount; i++) if (assigned.split[i] === splitIndex[split]) wanted.push(assigned.sourceRows[i]);
    rows = Int32Array.from(wanted);
  }
  // Rows whose target is missing (or a label the model never saw) cannot be scored.
  rows = rows.filter((r) => bundle.config.output_features.every((f) => !outputMissing[f.name]?.[r] && !isUnseenLabel(dataset, f.name, r)));
  if (rows.length === 0) throw new Error(`the ${split} split of this dataset has no rows with every output present`);
  return testStatisticsFor(bundle.model, dataset, bundle.metadata, rows);
}
