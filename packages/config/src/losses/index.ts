import { z } from 'zod';
import type { OutputFeatureType } from '../feature-types.js';
import { ZBinaryWeightedCrossEntropyLoss } from './binary-weighted-cross-entropy.js';
import { ZHuberLoss } from './huber.js';
import { ZMeanAbsoluteErrorLoss } from './mean-absolute-error.js';
import { ZMeanAbsolutePercentageErrorLoss } from './mean-absolute-percentage-error.js';
import { ZMeanSquaredErrorLoss } from './mean-squared-error.js';
import { ZRootMeanSquaredErrorLoss } from './root-mean-squared-error.js';
import { ZSigmoidCrossEntropyLoss } from './sigmoid-cross-entropy.js';
import { ZSoftmaxCrossEntropyLoss } from './softmax-cross-entropy.js';
import { ZEntropicOpenSetLoss } from './entropic-open-set.js';
import { ZObjectosphereLoss } from './objectosphere.js';
import { ZDeepSadLoss, ZDeepSvddLoss, ZDroccLoss } from './anomaly.js';
import { ZSequenceSoftmaxCrossEntropyLoss } from './sequence-softmax-cross-entropy.js';

export * from './binary-weighted-cross-entropy.js';
export * from './huber.js';
export * from './mean-absolute-error.js';
export * from './mean-absolute-percentage-error.js';
export * from './mean-squared-error.js';
export * from './root-mean-squared-error.js';
export * from './sigmoid-cross-entropy.js';
export * from './softmax-cross-entropy.js';
export * from './sequence-softmax-cross-entropy.js';
export * from './entropic-open-set.js';
export * from './objectosphere.js';
export * from './anomaly.js';

export const lossSchemas = {
  mean_squared_error: ZMeanSquaredErrorLoss,
  mean_absolute_error: ZMeanAbsoluteErrorLoss,
  mean_absolute_percentage_error: ZMeanAbsolutePercentageErrorLoss,
  root_mean_squared_error: ZRootMeanSquaredErrorLoss,
  huber: ZHuberLoss,
  binary_weighted_cross_entropy: ZBinaryWeightedCrossEntropyLoss,
  softmax_cross_entropy: ZSoftmaxCrossEntropyLoss,
  sigmoid_cross_entropy: ZSigmoidCrossEntropyLoss,
  entropic_open_set: ZEntropicOpenSetLoss,
  objectosphere: ZObjectosphereLoss,
  deep_svdd: ZDeepSvddLoss,
  deep_sad: ZDeepSadLoss,
  drocc: ZDroccLoss,
  sequence_softmax_cross_entropy: ZSequenceSoftmaxCrossEntropyLoss,
} as const satisfies Record<string, z.ZodObject>;

export type LossType = keyof typeof lossSchemas;
export type LossConfig = z.output<(typeof lossSchemas)[LossType]>;
export const lossTypes = Object.keys(lossSchemas) as LossType[];

/** The loss block of each output type: a union discriminated on `type`, default first. */
export const ZBinaryLoss = z.discriminatedUnion('type', [ZBinaryWeightedCrossEntropyLoss]);
export const ZNumberLoss = z.discriminatedUnion('type', [
  ZMeanSquaredErrorLoss, ZMeanAbsoluteErrorLoss, ZMeanAbsolutePercentageErrorLoss, ZRootMeanSquaredErrorLoss, ZHuberLoss,
]);
export const ZCategoryLoss = z.discriminatedUnion('type', [ZSoftmaxCrossEntropyLoss, ZEntropicOpenSetLoss, ZObjectosphereLoss]);
/** Soft targets: only the softmax cross entropy (Ludwig's torch CrossEntropyLoss with probabilities) reads a distribution. */
export const ZCategoryDistributionLoss = z.discriminatedUnion('type', [ZSoftmaxCrossEntropyLoss]);
/** Anomaly scores (Ludwig's anomaly losses), deep_svdd first as its default. */
export const ZAnomalyLoss = z.discriminatedUnion('type', [ZDeepSvddLoss, ZDeepSadLoss, ZDroccLoss]);
export const ZSetLoss = z.discriminatedUnion('type', [ZSigmoidCrossEntropyLoss]);
export const ZTimeseriesLoss = z.discriminatedUnion('type', [ZHuberLoss, ZMeanSquaredErrorLoss, ZMeanAbsoluteErrorLoss]);
export const ZVectorLoss = z.discriminatedUnion('type', [
  ZMeanSquaredErrorLoss, ZMeanAbsoluteErrorLoss, ZMeanAbsolutePercentageErrorLoss, ZHuberLoss, ZSoftmaxCrossEntropyLoss,
]);

/** Losses valid for each trainable output type, default first (Ludwig `schema/features/loss/loss.py`). */
export const lossesByFeatureType = {
  binary: ['binary_weighted_cross_entropy'],
  number: ['mean_squared_error', 'mean_absolute_error', 'mean_absolute_percentage_error', 'root_mean_squared_error', 'huber'],
  category: ['softmax_cross_entropy', 'entropic_open_set', 'objectosphere'],
  set: ['sigmoid_cross_entropy'],
  vector: ['mean_squared_error', 'mean_absolute_error', 'mean_absolute_percentage_error', 'huber', 'softmax_cross_entropy'],
  timeseries: ['huber', 'mean_squared_error', 'mean_absolute_error'],
  category_distribution: ['softmax_cross_entropy'],
  anomaly: ['deep_svdd', 'deep_sad', 'drocc'],
  text: ['sequence_softmax_cross_entropy'],
  sequence: ['sequence_softmax_cross_entropy'],
} as const satisfies { [T in OutputFeatureType]: readonly [LossType, ...LossType[]] };

export function defaultLoss<T extends OutputFeatureType>(type: T): (typeof lossesByFeatureType)[T][0] {
  return lossesByFeatureType[type][0];
}
