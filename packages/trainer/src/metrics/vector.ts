import { OvertureError } from '@overture/config';
import { r2Score, regressionMetrics, regressionStatistics, sumRegressionErrors } from './regression.js';
import type { MetricsOptions, OutputEvaluator, VectorMetricsInput } from './types.js';
import { definedMetrics, finiteOrNull, requireLength, requireRows } from './validate.js';

/** One vector output's entry in `test_statistics.json`; errors are means over every element. */
export type VectorStatistics = {
  loss: number | null;
  mean_squared_error: number | null;
  mean_absolute_error: number | null;
  /** Over elements whose target is not zero; `null` if every target is zero. */
  mean_absolute_percentage_error: number | null;
  huber: number | null;
  /** Uniform average over dimensions whose target varies; `null` if none does. */
  r2: number | null;
};

function computeVectorStatistics(input: VectorMetricsInput, options: MetricsOptions): VectorStatistics {
  const { predictions, targets, size } = input;
  if (!Number.isInteger(size) || size < 1) {
    throw new OvertureError('invalid_input', `vector metrics need a positive integer size (got ${size}).`);
  }
  if (targets.length % size !== 0) {
    throw new OvertureError(
      'invalid_input',
      `vector metrics: ${targets.length} target values do not split into rows of size ${size}.`,
    );
  }
  requireRows('vector', targets.length / size);
  requireLength('vector', 'predictions', predictions.length, targets.length);
  const regression = regressionStatistics(regressionMetrics(sumRegressionErrors(predictions, targets)), options);
  return {
    loss: regression.loss,
    mean_squared_error: regression.mean_squared_error,
    mean_absolute_error: regression.mean_absolute_error,
    mean_absolute_percentage_error: regression.mean_absolute_percentage_error,
    huber: regression.huber,
    r2: finiteOrNull(r2Score(predictions, targets, size)),
  };
}

export const vectorEvaluator: OutputEvaluator<VectorMetricsInput, VectorStatistics> = {
  epoch: (input, options) => definedMetrics(computeVectorStatistics(input, options)),
  statistics: computeVectorStatistics,
};
