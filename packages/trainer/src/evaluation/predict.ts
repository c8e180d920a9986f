import * as tf from '@tensorflow/tfjs-core';
import type { ActivatedOutput, ProcessedDataset } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import { SeededRandom } from '../util/random.js';
import { disposeBatch, makeBatch } from '../training/batches.js';
import { boundedBatchRows, inputValuesPerRow } from '../training/auto-tune.js';
import { dictionary } from '../util/dictionary.js';

/** Activated outputs of one output feature over many rows, row-major [rows, width]. */
export type OutputValues = ActivatedOutput;

export interface DatasetPredictions {
  outputs: Record<string, OutputValues>;
  /** Mean loss per output and combined, when the dataset has every target column. */
  losses: Record<string, number> | null;
}

export interface PredictRowsOptions {
  /** Return the raw outputs (logits, before calibration and activation), as calibration fits on them. */
  raw?: boolean;
}

/**
 * Runs the model over the given rows in inference mode, batch by batch, and returns the
 * activated outputs (probabilities, calibrated when the output has a temperature, or values) as
 * typed arrays.
 */
export function predictRows(model: EcdModel, dataset: ProcessedDataset, rows: Int32Array, wantedBatchSize: number, options: PredictRowsOptions = {}): DatasetPredictions {
  const inputNames = model.inputFeatures.map((f) => f.name);
  const batchSize = boundedBatchRows(wantedBatchSize, inputValuesPerRow(dataset, inputNames));
  const outputNames = model.outputFeatures.map((f) => f.name);
  const withTargets = outputNames.every((n) => dataset.features[n] !== undefined);
  const names = withTargets ? [...inputNames, ...outputNames] : inputNames;
  const chunks: Record<string, Float32Array[]> = Object.fromEntries(outputNames.map((n) => [n, []]));
  const widths: Record<string, number> = dictionary();
  const lossSums: Record<string, number> = { combined: 0, ...Object.fromEntries(outputNames.map((n) => [n, 0])) };
  const ctx = { training: false, rng: new SeededRandom(0) };
  for (let start = 0; start < rows.length; start += batchSize) {
    const slice = rows.subarray(start, Math.min(rows.length, start + batchSize));
    const batch = makeBatch(dataset, names, slice, model.stack);
    tf.tidy(() => {
      const raw = model.forward(batch, ctx);
      for (const feature of model.outputFeatures) {
        const activated = options.raw ? raw[feature.name] : model.activateOutput(feature, raw[feature.name]);
        widths[feature.name] = activated.shape[1];
        chunks[feature.name].push(activated.dataSync() as Float32Array);
      }
      if (withTargets) {
        const { total, perOutput } = model.loss(raw, batch);
        lossSums.combined += total.dataSync()[0] * slice.length;
        for (const n of outputNames) lossSums[n] += perOutput[n].dataSync()[0] * slice.length;
      }
    });
    disposeBatch(batch);
  }
  const outputs: Record<string, OutputValues> = dictionary();
  for (const feature of model.outputFeatures) {
    outputs[feature.name] = { feature, values: concatFloat32(chunks[feature.name]), width: widths[feature.name] ?? 1 };
  }
  const losses = withTargets && rows.length > 0
    ? Object.fromEntries(Object.entries(lossSums).map(([k, v]) => [k, v / rows.length]))
    : null;
  return { outputs, losses };
}

function concatFloat32(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
