import type { OutputFeatureConfig } from '@overture/config';
import type { FeatureMetadata, ProcessedDataset } from '../preprocessing/index.js';
import { computeEpochMetrics, computeOutputStatistics, type MetricsInputs, type MetricsOptions } from '../metrics/index.js';
import type { OutputValues } from './predict.js';
import { OvertureError } from '@overture/config';
import type { SequenceMetricsInput } from '../metrics/sequence.js';
import { stepArgmax, tokenSeparator } from '../preprocessing/postprocess-sequence.js';

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
    case 'text':
    case 'sequence':
      return sequenceMetricsInput(meta, predicted, targets as Int32Array, rows.length);
  }
}

/**
 * A tagger's per-step probabilities [rows, steps × vocabulary] against the target ids [rows, T]
 * (T ≤ steps: the model's later steps are padding in the targets' terms and are not read).
 */
function sequenceMetricsInput(meta: FeatureMetadata, predicted: OutputValues, targets: Int32Array, rows: number): SequenceMetricsInput {
  if (meta.type !== 'text' && meta.type !== 'sequence') throw new OvertureError('internal', `a sequence output has ${meta.type} metadata`);
  const vocabSize = meta.idx2str.length;
  const steps = rows > 0 ? targets.length / rows : meta.max_sequence_length;
  const predictions = new Int32Array(targets.length);
  const targetProbabilities = new Float32Array(targets.length);
  for (let r = 0; r < rows; r++) {
    const from = r * predicted.width;
    const { ids } = stepArgmax(predicted.values, from, steps, vocabSize);
    predictions.set(ids, r * steps);
    for (let t = 0; t < steps; t++) targetProbabilities[r * steps + t] = predicted.values[from + t * vocabSize + targets[r * steps + t]];
  }
  return {
    predictions, targets, steps, targetProbabilities,
    padId: meta.pad_idx, startId: meta.str2idx['<SOS>'] ?? -1, stopId: meta.str2idx['<EOS>'] ?? -1,
    vocabulary: meta.idx2str, separator: tokenSeparator(meta.preprocessing.tokenizer),
  };
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
