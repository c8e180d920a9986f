import type { OutputFeatureConfig } from '@overture/config';
import type { FeatureMetadata, ProcessedDataset } from '../preprocessing/index.js';
import { computeEpochMetrics, computeOutputStatistics, type MetricsInputs, type MetricsOptions } from '../metrics/index.js';
import type { OutputValues } from './predict.js';

/** The encoded target column of an output, for the given rows. */
function targetsFor(dataset: ProcessedDataset, name: string, rows: Int32Array): Float32Array | Int32Array {
  const column = dataset.features[name];
  const width = column.width;
  const out = column.dtype === 'int32' ? new Int32Array(rows.length * width) : new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    if (width === 1) out[i] = column.values[rows[i]];
    else out.set(column.values.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  }
  return out;
}

function labelsOf(meta: FeatureMetadata): string[] {
  if ('idx2str' in meta) return meta.idx2str;
  return [];
}

/** Builds the metrics package's input for one output from model outputs and encoded targets. */
export function metricsInput(feature: OutputFeatureConfig, meta: FeatureMetadata, predicted: OutputValues, dataset: ProcessedDataset, rows: Int32Array): MetricsInputs[OutputFeatureConfig['type']] {
  const targets = targetsFor(dataset, feature.name, rows);
  switch (feature.type) {
    case 'binary':
      return { probabilities: predicted.values, targets: targets as Float32Array, labels: meta.type === 'binary' ? meta.bool2str : undefined };
    case 'category':
      return { probabilities: predicted.values, targets: targets as Int32Array, labels: labelsOf(meta) };
    case 'set':
    case 'category_distribution':
      return { probabilities: predicted.values, targets: targets as Float32Array, labels: labelsOf(meta) };
    case 'number':
      return { predictions: predicted.values, targets: targets as Float32Array };
    case 'vector':
    case 'timeseries':
      return { predictions: predicted.values, targets: targets as Float32Array, size: predicted.width };
    case 'anomaly':
      return { scores: predicted.values, targets: targets as Float32Array };
  }
}

export function metricsOptions(feature: OutputFeatureConfig, loss: number | undefined, meta?: FeatureMetadata): MetricsOptions {
  const options: MetricsOptions = { loss };
  // The anomaly threshold lives in the metadata once training has set it (threshold: auto).
  if (feature.type === 'anomaly' && meta?.type === 'anomaly' && meta.threshold !== null) options.threshold = meta.threshold;
  if (feature.type === 'binary' || feature.type === 'set') options.threshold = feature.threshold;
  if (feature.type === 'category' || feature.type === 'category_distribution') options.topK = feature.top_k;
  if ((feature.type === 'number' || feature.type === 'vector' || feature.type === 'timeseries') && feature.loss.type !== 'softmax_cross_entropy') {
    options.regressionLoss = feature.loss.type;
  }
  return options;
}

export function epochMetrics(feature: OutputFeatureConfig, meta: FeatureMetadata, predicted: OutputValues, dataset: ProcessedDataset, rows: Int32Array, loss: number | undefined): Record<string, number> {
  return computeEpochMetrics(feature.type, metricsInput(feature, meta, predicted, dataset, rows) as never, metricsOptions(feature, loss, meta));
}

export function outputStatistics(feature: OutputFeatureConfig, meta: FeatureMetadata, predicted: OutputValues, dataset: ProcessedDataset, rows: Int32Array, loss: number | undefined): Record<string, unknown> {
  return computeOutputStatistics(feature.type, metricsInput(feature, meta, predicted, dataset, rows) as never, metricsOptions(feature, loss, meta)) as Record<string, unknown>;
}
