import type { TfIdfEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { passthroughEncoder } from '../passthrough.js';

/**
 * Ludwig's tf_idf encoder has no weights: its output is the row's tf-idf vector, which
 * preprocessing computes (so serving computes it from the text the same way). In the model it is
 * the identity on that vector, in tfjs and in the exported ONNX graph.
 */
export const tfIdfEncoder: EncoderFactory<TfIdfEncoderConfig> = (args) => passthroughEncoder({ ...args, config: { type: 'passthrough' } });
