import type { ResolvedConfig } from '@overture/config';
import type { EncodedColumn, ProcessedDataset, TrainingSetMetadata } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import { evaluateSplit } from '../training/evaluate-split.js';
import { tabnetAttentionImportance, type AttentionImportance } from '../evaluation/attention-importance.js';
import { metricGoal, permutationFeatureImportance, permutationIndices, type FeatureImportance } from '../metrics/index.js';

const REPEATS = 3;
const EVAL_BATCH = 1024;

export interface FeatureImportanceReport {
  /** Output (or `combined`) and metric whose worsening is measured. */
  output: string;
  metric: string;
  repeats: number;
  features: FeatureImportance[];
  /** With the tabnet combiner: its own attention shares per input on the same rows (they sum to 1). */
  attention?: AttentionImportance[];
}

/** A copy of the column whose values at `rows` are shuffled among those rows. */
function permutedColumn(column: EncodedColumn, rows: Int32Array, seed: number): EncodedColumn {
  const perm = permutationIndices(rows.length, seed);
  const values = column.values.slice();
  const w = column.width;
  for (let i = 0; i < rows.length; i++) {
    values.set(column.values.subarray(rows[perm[i]] * w, rows[perm[i]] * w + w), rows[i] * w);
  }
  return { ...column, values } as EncodedColumn;
}

/**
 * Permutation feature importance of every input on the given rows, measured on the metric
 * that drives model selection (trainer.validation_field / validation_metric).
 */
export async function featureImportance(model: EcdModel, config: ResolvedConfig, dataset: ProcessedDataset, metadata: TrainingSetMetadata, rows: Int32Array, seed: number): Promise<FeatureImportanceReport> {
  const output = config.trainer.validation_field;
  // A metric undefined on these rows (ROC AUC with one class present) falls back to the loss.
  const baseline = evaluateSplit(model, dataset, metadata, rows, EVAL_BATCH);
  const metric = baseline[output]?.[config.trainer.validation_metric] !== undefined ? config.trainer.validation_metric : 'loss';
  const read = (metrics: Record<string, Record<string, number>>) => metrics[output][metric];
  const features = await permutationFeatureImportance({
    features: config.input_features.map((f) => f.name),
    goal: metricGoal(metric as never),
    repeats: REPEATS,
    evaluate: async (permuted, repeat) => {
      const data = permuted === null
        ? dataset
        : { ...dataset, features: { ...dataset.features, [permuted]: permutedColumn(dataset.features[permuted], rows, seed + 101 * repeat + 1) } };
      return read(evaluateSplit(model, data, metadata, rows, EVAL_BATCH));
    },
  });
  const report: FeatureImportanceReport = { output, metric, repeats: REPEATS, features };
  if (config.combiner.type === 'tabnet') report.attention = tabnetAttentionImportance(model, dataset, rows, EVAL_BATCH);
  return report;
}
