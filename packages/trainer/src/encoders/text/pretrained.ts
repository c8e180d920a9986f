import type { PretrainedTextEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { passthroughEncoder } from '../passthrough.js';

/**
 * Ludwig's pretrained text encoders (bert, roberta, auto_transformer, …), frozen. The transformer
 * runs once per row in preprocessing (preprocessing/pretrained/: the model's tokenizer.json and ONNX
 * export on onnxruntime, reduced per Ludwig's reduce_output), as Ludwig's cache_encoder_embeddings
 * does, so every epoch reads the stored embeddings; in the model the encoder is the identity on that
 * vector, in tfjs and in the exported head. Serving runs the same preprocessing from the bundle's
 * copy of the model. One implementation for every name: they differ only in their defaults.
 */
export const pretrainedTextEncoder: EncoderFactory<PretrainedTextEncoderConfig> = (args) => passthroughEncoder({ ...args, config: { type: 'passthrough' } });
