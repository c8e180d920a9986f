import {
  r2Score,
  regressionMetrics,
  regressionStatistics,
  sumRegressionErrors,
  type RegressionMetrics,
} from './regression.js';
import type { MetricsOptions, NumberMetricsInput, OutputEvaluator } from './types.js';
import { definedMetrics, finiteOrNull, requireLength, requireRows } from './validate.js';

/** One number output's entry in `test_statistics.json`. */
export type NumberStatistics = { [K in keyof RegressionMetrics]: number | null } & {
  loss: number | null;
  /** `null` with fewer than two rows or constant targets. */
  r2: number | null;
};

function computeNumberStatistics(input: NumberMetricsInput, options: MetricsOptions): NumberStatistics {
  const n = input.targets.length;
  requireRows('number', n);
  requireLength('number', 'predictions', input.predictions.length, n);
  const metrics = regressionMetrics(sumRegressionErrors(input.predictions, input.targets));
  return {
    ...regressionStatistics(metrics, options),
    r2: finiteOrNull(r2Score(input.predictions, input.targets)),
  };
}

export const numberEvaluator: OutputEvaluator<NumberMetricsInput, NumberStatistics> = {
  epoch: (input, options) => definedMetrics(computeNumberStatistics(input, options)),
  statistics: computeNumberStatistics,
};
