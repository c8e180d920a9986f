import type { CalibrationReport } from '../calibration/report.js';

/** The model bundle's file names (Ludwig's saved-model names where one exists; DESIGN.md §4). */
export const BUNDLE_FILES = {
  manifest: 'bundle.json',
  config: 'model_hyperparameters.json',
  metadata: 'training_set_metadata.json',
  weightsDir: 'weights',
  weights: 'weights/weights.bin',
  weightsManifest: 'weights/manifest.json',
  progress: 'training_progress.json',
  statistics: 'training_statistics.json',
  card: 'card.md',
  /** The model card as data (what card.md is rendered from), for the web and `overture describe --json`. */
  cardData: 'card.json',
  onnx: 'model.onnx',
} as const;

/**
 * Major.minor: readers refuse another major version; minor versions only add files or fields.
 * 1.1 added model.onnx (a 1.0 bundle gets it from `overture export`, or on first `overture serve`).
 * 1.2 added card.json and a fuller card.md (data, splits, metrics per split, importance, limitations).
 * 1.3 added bundle.json `calibration` (the temperatures fitted for `calibration: true` outputs).
 */
export const BUNDLE_FORMAT_VERSION = '1.3';

export interface BundleManifest {
  format_version: string;
  overture_version: string;
  created: string;
  backend: string;
  seed: number;
  /** Parameter count, for the model card and the UI. */
  parameters: number;
  /**
   * Temperatures of outputs with `calibration: true`, with the validation NLL and ECE before and
   * after; loading the bundle applies them (model.onnx has them built in). Absent before 1.3.
   */
  calibration?: CalibrationReport;
}
