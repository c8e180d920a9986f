import * as tf from '@tensorflow/tfjs-core';
import type { CategoryOneHotEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { emitCastFloat } from '../../export/ops.js';

/** A one-hot vector of the vocabulary size, no parameters. */
export const categoryOneHotEncoder: EncoderFactory<CategoryOneHotEncoderConfig> = ({ input }) => ({
  parameterFree: true,
  outputSize: input.vocabSize,
  forward: (ids) => tf.cast(tf.oneHot(tf.cast(tf.reshape(ids, [-1]), 'int32') as tf.Tensor1D, input.vocabSize), 'float32') as tf.Tensor2D,
  // ids [batch, 1] == [0 … vocab−1] broadcasts to the one-hot rows.
  exportOnnx: (g, ids) => emitCastFloat(g, g.op('Equal', [ids, g.constant(Array.from({ length: input.vocabSize }, (_, i) => i), [1, input.vocabSize], 'int32', 'classes')])),
});
