import * as tf from '@tensorflow/tfjs-core';
import type { CategoryOneHotEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';

/** A one-hot vector of the vocabulary size, no parameters. */
export const categoryOneHotEncoder: EncoderFactory<CategoryOneHotEncoderConfig> = ({ input }) => ({
  parameterFree: true,
  outputSize: input.vocabSize,
  forward: (ids) => tf.cast(tf.oneHot(tf.cast(tf.reshape(ids, [-1]), 'int32') as tf.Tensor1D, input.vocabSize), 'float32') as tf.Tensor2D,
});
