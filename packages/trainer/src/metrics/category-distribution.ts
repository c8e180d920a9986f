import { categoryEvaluator, type CategoryStatistics } from './category.js';
import { probabilityEpsilon } from './cross-entropy.js';
import type { CategoryDistributionMetricsInput, CategoryMetricsInput, MetricsOptions, OutputEvaluator } from './types.js';
import { chooseLoss, finiteOrNull, requireClassCount, requireLength, requireRows } from './validate.js';

/** A category_distribution output's entry in `test_statistics.json`: the category statistics of the argmaxes, plus the soft cross entropy. */
export type CategoryDistributionStatistics = CategoryStatistics & { softmax_cross_entropy: number | null };

/** Mean −Σ_c y_c log p_c over rows of row-major [n, k] target distributions and predicted probabilities. */
export function distributionCrossEntropy(probabilities: Float32Array, targets: Float32Array, k: number): number {
  const n = targets.length / k;
  let sum = 0;
  for (let i = 0; i < targets.length; i++) {
    if (targets[i] > 0) sum -= targets[i] * Math.log(Math.max(probabilities[i], probabilityEpsilon));
  }
  return sum / n;
}

/**
 * Ludwig's accuracy, accuracy_micro, hits_at_k and roc_auc of a category_distribution output take
 * `argmax(target)` as the true class (metric_modules.py: `target = torch.argmax(target, dim=1)` when
 * the target has a class axis), so they are the category metrics of those ids; a tie goes to the
 * first class, as torch.argmax. The loss and softmax_cross_entropy read the whole distribution.
 */
function asCategoryInput(input: CategoryDistributionMetricsInput): CategoryMetricsInput {
  const k = input.labels.length;
  requireClassCount('category_distribution', k);
  const n = input.targets.length / k;
  requireRows('category_distribution', n);
  requireLength('category_distribution', 'targets (rows × classes)', input.targets.length, Math.round(n) * k);
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (input.targets[i * k + c] > input.targets[i * k + best]) best = c;
    ids[i] = best;
  }
  return { probabilities: input.probabilities, targets: ids, labels: input.labels };
}

function softLoss(input: CategoryDistributionMetricsInput, options: MetricsOptions) {
  const cross = distributionCrossEntropy(input.probabilities, input.targets, input.labels.length);
  return { loss: finiteOrNull(chooseLoss(options.loss, () => cross)), softmax_cross_entropy: finiteOrNull(cross) };
}

export const categoryDistributionEvaluator: OutputEvaluator<CategoryDistributionMetricsInput, CategoryDistributionStatistics> = {
  epoch(input, options) {
    const metrics = categoryEvaluator.epoch(asCategoryInput(input), options);
    const { loss, softmax_cross_entropy } = softLoss(input, options);
    if (loss !== null) metrics.loss = loss;
    else delete metrics.loss;
    if (softmax_cross_entropy !== null) metrics.softmax_cross_entropy = softmax_cross_entropy;
    return metrics;
  },

  statistics(input, options) {
    return { ...categoryEvaluator.statistics(asCategoryInput(input), options), ...softLoss(input, options) };
  },
};
