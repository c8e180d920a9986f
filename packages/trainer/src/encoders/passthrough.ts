import * as tf from '@tensorflow/tfjs-core';
import type { PassthroughEncoderConfig } from '@overture/config';
import type { EncoderFactory } from './encoder.js';
import { emitCastFloat } from '../export/ops.js';

/** The preprocessed value as is (a category passes its index as a number, as in Ludwig). */
export const passthroughEncoder: EncoderFactory<PassthroughEncoderConfig> = ({ input }) => ({
  parameterFree: true,
  outputSize: input.width,
  forward: (x) => (x.dtype === 'float32' ? x : (tf.cast(x, 'float32') as tf.Tensor2D)),
  // Category indices arrive as int32; casting a float input is a no-op ONNX removes.
  exportOnnx: (g, x) => emitCastFloat(g, x),
});
