import { z } from 'zod';
import type { OutputFeatureType } from '../feature-types.js';
import { ZClassifierDecoder } from './classifier.js';
import { ZMlpClassifierDecoder } from './mlp-classifier.js';
import { ZProjectorDecoder } from './projector.js';
import { ZRegressorDecoder } from './regressor.js';
import { ZAnomalyDecoder } from './anomaly.js';
import { ZTaggerDecoder } from './tagger.js';
import { ZGeneratorDecoder } from './generator.js';
import { ZUNetDecoder } from './unet.js';

export * from './classifier.js';
export * from './mlp-classifier.js';
export * from './projector.js';
export * from './regressor.js';
export * from './tagger.js';
export * from './generator.js';
export * from './unet.js';
export * from './anomaly.js';

export const decoderSchemas = {
  regressor: ZRegressorDecoder,
  classifier: ZClassifierDecoder,
  projector: ZProjectorDecoder,
  mlp_classifier: ZMlpClassifierDecoder,
  anomaly: ZAnomalyDecoder,
  tagger: ZTaggerDecoder,
  generator: ZGeneratorDecoder,
  unet: ZUNetDecoder,
} as const satisfies Record<string, z.ZodObject>;

export type DecoderType = keyof typeof decoderSchemas;
export type DecoderConfig = z.output<(typeof decoderSchemas)[DecoderType]>;
export const decoderTypes = Object.keys(decoderSchemas) as DecoderType[];

/**
 * Ludwig's transformer_generator: a valid name of text and sequence outputs, refused by validation
 * as not supported yet; the tagger and the (recurrent) generator train.
 */
export const untrainedSequenceDecoders = ['transformer_generator'] as const;
export type UntrainedSequenceDecoder = (typeof untrainedSequenceDecoders)[number];

/** Decoders valid for each trainable output type, default first (Ludwig §1.2). */
export const decodersByFeatureType = {
  binary: ['regressor', 'mlp_classifier'],
  number: ['regressor'],
  category: ['classifier', 'mlp_classifier'],
  set: ['classifier'],
  vector: ['projector'],
  timeseries: ['projector'],
  category_distribution: ['classifier', 'mlp_classifier'],
  anomaly: ['anomaly'],
  text: ['generator', 'tagger', 'transformer_generator'],
  sequence: ['generator', 'tagger', 'transformer_generator'],
} as const satisfies { [T in OutputFeatureType]: readonly [DecoderType | UntrainedSequenceDecoder, ...(DecoderType | UntrainedSequenceDecoder)[]] };

export function defaultDecoder<T extends OutputFeatureType>(type: T): (typeof decodersByFeatureType)[T][0] {
  return decodersByFeatureType[type][0];
}

/** The decoder block of binary and category outputs: Ludwig's default head or `mlp_classifier`. */
export const ZBinaryDecoder = z.discriminatedUnion('type', [ZRegressorDecoder, ZMlpClassifierDecoder]);
export const ZCategoryDecoder = z.discriminatedUnion('type', [ZClassifierDecoder, ZMlpClassifierDecoder]);
