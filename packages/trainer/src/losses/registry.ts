import type { LossConfig, LossType } from '@overture/config';
import type { LossContext, LossFactory, LossFunction } from './loss.js';
import { binaryWeightedCrossEntropy, sigmoidCrossEntropy, softmaxCrossEntropy } from './cross-entropy.js';
import { entropicOpenSet, objectosphere } from './open-set.js';
import { deepSad, deepSvdd, drocc } from './anomaly.js';
import { sequenceSoftmaxCrossEntropyLoss } from './sequence-cross-entropy.js';
import { huber, meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, rootMeanSquaredError } from './regression.js';

/** Loss implementations keyed by the config's `loss.type`. */
export const losses = {
  binary_weighted_cross_entropy: binaryWeightedCrossEntropy,
  softmax_cross_entropy: softmaxCrossEntropy,
  sigmoid_cross_entropy: sigmoidCrossEntropy,
  mean_squared_error: meanSquaredError,
  root_mean_squared_error: rootMeanSquaredError,
  mean_absolute_error: meanAbsoluteError,
  mean_absolute_percentage_error: meanAbsolutePercentageError,
  huber,
  entropic_open_set: entropicOpenSet,
  objectosphere,
  deep_svdd: deepSvdd,
  deep_sad: deepSad,
  drocc,
  sequence_softmax_cross_entropy: sequenceSoftmaxCrossEntropyLoss,
} satisfies Record<LossType, LossFactory<never>>;

export function createLoss(config: LossConfig, context: LossContext): LossFunction {
  const factory = losses[config.type] as LossFactory<LossConfig>;
  return factory(config, context);
}
