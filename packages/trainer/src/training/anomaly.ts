import * as tf from '@tensorflow/tfjs-core';
import type { OutputFeatureConfigOf, ResolvedConfig } from '@overture/config';
import type { EcdModel } from '../model/ecd.js';
import type { ProcessedDataset, TrainingSetMetadata } from '../preprocessing/index.js';
import { anomalyCenterName } from '../decoders/anomaly.js';
import { quantile } from '../losses/anomaly.js';
import { predictRows } from '../evaluation/predict.js';
import { disposeBatch, makeBatch } from './batches.js';
import { SeededRandom } from '../util/random.js';

type AnomalyOutput = OutputFeatureConfigOf<'anomaly'>;

export function anomalyOutputs(config: Pick<ResolvedConfig, 'output_features'>): AnomalyOutput[] {
  return config.output_features.filter((f): f is AnomalyOutput => f.type === 'anomaly');
}

/** The parameter holding an anomaly output's hypersphere centre (named as EcdModel names decoders). */
export function centerParameter(feature: { name: string }): string {
  return anomalyCenterName(`decoders.${feature.name}`);
}

/**
 * Sets each anomaly output's centre c to the mean decoder output z over the training rows, with
 * the weights training starts from. Ludwig documents c as "the mean of all encoder outputs on the
 * training set" and sets it through initialize_center, which its trainer never calls (c stays
 * zero); the mean before the first step is Ruff et al.'s Deep SVDD, so every step trains toward
 * the same c. Returns the outputs set.
 */
export function initializeAnomalyCenters(model: EcdModel, dataset: ProcessedDataset, rows: Int32Array, batchSize: number, skip: (parameter: string) => boolean): string[] {
  const outputs = anomalyOutputs(model.config).filter((f) => !skip(centerParameter(f)));
  if (outputs.length === 0 || rows.length === 0) return [];
  const sums = new Map<string, Float64Array>();
  const ctx = { training: false, rng: new SeededRandom(0) };
  const inputs = model.inputFeatures.map((f) => f.name);
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = makeBatch(dataset, inputs, rows.subarray(start, Math.min(rows.length, start + batchSize)), model.stack);
    try {
      tf.tidy(() => {
        const { hidden } = model.forwardWithHidden(batch, ctx);
        for (const f of outputs) {
          const column = tf.sum(hidden[f.name], 0).dataSync();
          const sum = sums.get(f.name) ?? new Float64Array(column.length);
          for (let j = 0; j < column.length; j++) sum[j] += column[j];
          sums.set(f.name, sum);
        }
      });
    } finally {
      disposeBatch(batch);
    }
  }
  for (const f of outputs) {
    const mean = Float32Array.from(sums.get(f.name) as Float64Array, (s) => s / rows.length);
    const center = model.params.get(centerParameter(f));
    tf.tidy(() => center.assign(tf.tensor1d(mean)));
  }
  return outputs.map((f) => f.name);
}

/**
 * Writes each anomaly output's threshold into its metadata (what predictions, evaluation and
 * serving read): the config's number, or for `threshold: auto` the `threshold_percentile`-th
 * percentile (torch.quantile) of the scores of `rows` (the validation split; the training split
 * without one), as Ludwig's auto_set_threshold.
 */
export function setAnomalyThresholds(model: EcdModel, dataset: ProcessedDataset, metadata: TrainingSetMetadata, rows: Int32Array, batchSize: number, log: (message: string) => void): void {
  const outputs = anomalyOutputs(model.config);
  if (outputs.length === 0) return;
  const scores = rows.length > 0 && outputs.some((f) => f.threshold === 'auto') ? predictRows(model, dataset, rows, batchSize).outputs : null;
  for (const f of outputs) {
    const meta = metadata[f.name];
    if (meta?.type !== 'anomaly') continue;
    if (f.threshold !== 'auto') {
      meta.threshold = f.threshold;
      continue;
    }
    const values = scores?.[f.name]?.values;
    meta.threshold = values && values.length > 0 ? quantile(values, f.threshold_percentile / 100) : null;
    log(meta.threshold === null
      ? `anomaly output '${f.name}': no rows to set threshold: auto on; nothing is flagged as an anomaly`
      : `anomaly output '${f.name}': threshold auto-selected as ${meta.threshold.toPrecision(6)} (the ${f.threshold_percentile}th percentile of ${values!.length} scores)`);
  }
}

/**
 * Whether the labels of `rows` hold both classes for every anomaly output whose metric is
 * `metric` (anomaly_auroc and f1_max exist only then). Without them Ludwig's metric is NaN and
 * never improves; the trainer watches the loss instead and says so.
 */
export function anomalyMetricWatchable(config: ResolvedConfig, dataset: ProcessedDataset, rows: Int32Array, field: string, metric: string): boolean {
  if (metric !== 'anomaly_auroc' && metric !== 'f1_max') return true;
  const feature = anomalyOutputs(config).find((f) => f.name === field);
  if (!feature) return true;
  const labels = dataset.features[feature.name]?.values;
  if (!labels) return false;
  let normal = false;
  let anomaly = false;
  for (const r of rows) {
    if (labels[r] === 0) normal = true;
    else if (labels[r] === 1) anomaly = true;
    if (normal && anomaly) return true;
  }
  return false;
}
