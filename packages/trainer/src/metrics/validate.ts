import { OvertureError } from '@overture/config';
import type { MetricOutputType } from './types.js';

/**
 * Metrics of an empty split do not exist; rather than a report full of nulls the caller gets
 * an error and should skip evaluating that split.
 */
export function requireRows(outputType: MetricOutputType, rows: number): void {
  if (rows === 0) {
    throw new OvertureError(
      'invalid_input',
      `Cannot compute ${outputType} metrics on an empty split: there are no rows to evaluate. Skip the split or give it rows.`,
    );
  }
}

export function requireLength(outputType: MetricOutputType, what: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new OvertureError(
      'invalid_input',
      `${outputType} metrics: ${what} has ${actual} values but ${expected} were expected.`,
    );
  }
}

export function requireClassCount(outputType: MetricOutputType, k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new OvertureError('invalid_input', `${outputType} metrics need at least one class (got ${k}).`);
  }
}

/** The number when finite, else `null` (JSON has no NaN or Infinity). */
export function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** Scalar metrics for `training_statistics.json`: undefined or non-finite values are left out. */
export function definedMetrics(values: Record<string, number | null>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && Number.isFinite(value)) out[name] = value;
  }
  return out;
}

/** A precomputed loss from the caller when it is usable, else the one computed here. */
export function chooseLoss(provided: number | undefined, computed: () => number): number {
  return provided !== undefined && Number.isFinite(provided) ? provided : computed();
}
