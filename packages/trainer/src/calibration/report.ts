import type { TemperatureFit } from './temperature-scaling.js';

// The calibration record bundle.json keeps: plain JSON, read without tfjs (serving reads manifests).

/** What calibration did for one output: a fit on the validation split, or why it was skipped. */
export type OutputCalibration =
  | ({ method: 'temperature_scaling'; split: 'validation' } & TemperatureFit)
  | { method: 'temperature_scaling'; temperature: 1; skipped: 'no_validation_rows' };

/** Per output with `calibration: true`; bundle.json keeps it and loading a bundle applies it. */
export type CalibrationReport = Record<string, OutputCalibration>;
