import type { OutputFeatureConfig } from '@overture/config';
import type { ProcessedDataset } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import { predictRows } from '../evaluation/predict.js';
import { dictionary } from '../util/dictionary.js';
import { fitTemperature, type LogitSet, type TemperatureFit } from './temperature-scaling.js';
import type { CalibrationReport } from './report.js';

export type { CalibrationReport, OutputCalibration } from './report.js';

const calibrated = (f: OutputFeatureConfig): boolean => (f.type === 'binary' || f.type === 'category') && f.calibration;

/** The encoded targets of the rows as labels, and the row positions whose label is a class of the output. */
function logitSet(feature: OutputFeatureConfig, logits: Float32Array, classes: number, dataset: ProcessedDataset, rows: Int32Array): LogitSet {
  const column = dataset.features[feature.name].values;
  if (feature.type === 'binary') return { kind: 'binary', logits, labels: Float32Array.from(rows, (r) => column[r]), classes: 1 };
  // A label outside the vocabulary has no logit to score; such rows are left out of the fit.
  const kept = Array.from(rows.keys()).filter((i) => column[rows[i]] >= 0 && column[rows[i]] < classes);
  const keptLogits = new Float32Array(kept.length * classes);
  kept.forEach((i, j) => keptLogits.set(logits.subarray(i * classes, (i + 1) * classes), j * classes));
  return { kind: 'category', logits: keptLogits, labels: Int32Array.from(kept, (i) => column[rows[i]]), classes };
}

const f3 = (x: number) => x.toFixed(3);

function describeFit(name: string, fit: TemperatureFit): string {
  const scores = `NLL ${f3(fit.before.nll)} → ${f3(fit.after.nll)}, ECE ${f3(fit.before.ece)} → ${f3(fit.after.ece)}`;
  if (fit.reverted === 'ece_increased') return `calibration of '${name}': kept T = 1, because the fitted T = ${f3(fit.fitted_temperature)} raised the expected calibration error on ${fit.rows} validation rows (${scores})`;
  if (fit.reverted === 'nll_not_lowered') return `calibration of '${name}': kept T = 1, because no temperature lowered the validation NLL on ${fit.rows} rows (${scores})`;
  return `calibration of '${name}': T = ${f3(fit.temperature)} fitted on ${fit.rows} validation rows (${scores})`;
}

/**
 * Ludwig's post-training calibration: for every binary or category output with
 * `calibration: true`, fit a temperature on the validation split's logits and set it on the
 * model, so predictions, evaluation and the exported graph use it. Without validation rows the
 * outputs stay uncalibrated (Ludwig falls back to the training split, whose logits the model
 * was fitted to and so look better calibrated than they are). Null when no output asks for it.
 */
export function calibrateOutputs(model: EcdModel, dataset: ProcessedDataset, validationRows: Int32Array, batchSize: number, log: (message: string) => void): CalibrationReport | null {
  const outputs = model.outputFeatures.filter(calibrated);
  if (outputs.length === 0) return null;
  const report: CalibrationReport = dictionary();
  if (validationRows.length === 0) {
    log(`warning: calibration skipped for ${outputs.map((f) => `'${f.name}'`).join(', ')}: there are no validation rows to fit a temperature on, so the probabilities are left uncalibrated (T = 1); give the split a validation share to calibrate`);
    for (const f of outputs) report[f.name] = { method: 'temperature_scaling', temperature: 1, skipped: 'no_validation_rows' };
    return report;
  }
  const { outputs: logits } = predictRows(model, dataset, validationRows, batchSize, { raw: true });
  for (const feature of outputs) {
    const { values, width } = logits[feature.name];
    const fit = fitTemperature(logitSet(feature, values, width, dataset, validationRows));
    model.setTemperature(feature.name, fit.temperature);
    report[feature.name] = { method: 'temperature_scaling', split: 'validation', ...fit };
    log(describeFit(feature.name, fit));
  }
  return report;
}

/** Sets the temperatures a report records (loading a bundle); outputs it does not name keep T = 1. */
export function applyCalibration(model: EcdModel, report: CalibrationReport | undefined): void {
  for (const [name, entry] of Object.entries(report ?? {})) model.setTemperature(name, entry.temperature);
}
