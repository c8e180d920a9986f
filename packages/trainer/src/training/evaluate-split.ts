import type { ProcessedDataset, TrainingSetMetadata } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import { predictRows } from '../evaluation/predict.js';
import { epochMetrics } from '../evaluation/output-metrics.js';
import { dictionary } from '../util/dictionary.js';

/** Scalar metrics of every output on the given rows, plus `combined.loss`. */
export function evaluateSplit(model: EcdModel, dataset: ProcessedDataset, metadata: TrainingSetMetadata, rows: Int32Array, batchSize: number): Record<string, Record<string, number>> {
  const { outputs, losses } = predictRows(model, dataset, rows, batchSize);
  const result: Record<string, Record<string, number>> = dictionary();
  for (const feature of model.outputFeatures) {
    result[feature.name] = epochMetrics(feature, metadata[feature.name], outputs[feature.name], dataset, rows, losses?.[feature.name]);
  }
  result.combined = { loss: losses?.combined ?? 0 };
  return result;
}
