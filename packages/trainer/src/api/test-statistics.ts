import type { ProcessedDataset, TrainingSetMetadata } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import { predictRows } from '../evaluation/predict.js';
import { outputStatistics } from '../evaluation/output-metrics.js';
import { dictionary } from '../util/dictionary.js';

const EVAL_BATCH = 1024;

/** Ludwig's `test_statistics.json`: full statistics per output plus `combined.loss`. */
export function testStatisticsFor(model: EcdModel, dataset: ProcessedDataset, metadata: TrainingSetMetadata, rows: Int32Array): Record<string, unknown> {
  const { outputs, losses } = predictRows(model, dataset, rows, EVAL_BATCH);
  const stats: Record<string, unknown> = dictionary();
  for (const feature of model.outputFeatures) {
    stats[feature.name] = outputStatistics(feature, metadata[feature.name], outputs[feature.name], dataset, rows, losses?.[feature.name]);
  }
  stats.combined = { loss: losses?.combined ?? null };
  return stats;
}
