import { z } from 'zod';
import type { InputFeatureType } from '../feature-types.js';
import { ZBagEmbedEncoder } from './bag/embed.js';
import { ZCategoryDenseEncoder } from './category/dense.js';
import { ZCategoryHashEncoder } from './category/hash.js';
import { ZCategoryOneHotEncoder } from './category/onehot.js';
import { ZCategorySparseEncoder } from './category/sparse.js';
import { ZCategoryTargetEncoder } from './category/target.js';
import { ZDateEmbedEncoder } from './date/embed.js';
import { ZDateWaveEncoder } from './date/wave.js';
import { ZDenseEncoder } from './dense.js';
import { ZPassthroughEncoder } from './passthrough.js';
import { ZBinsEncoder } from './number/bins.js';
import { ZPeriodicEncoder } from './number/periodic.js';
import { ZPleEncoder } from './number/ple.js';
import { ZSetEmbedEncoder } from './set/embed.js';
import { ZTextEmbedEncoder } from './text/embed.js';
import { ZParallelCnnEncoder } from './text/parallel-cnn.js';
import { ZStackedCnnEncoder } from './text/stacked-cnn.js';
import { ZStackedParallelCnnEncoder } from './text/stacked-parallel-cnn.js';
import { ZTfIdfEncoder } from './text/tf-idf.js';
import { ZTransformerEncoder } from './text/transformer.js';
import { ZImageStackedCnnEncoder } from './image/stacked-cnn.js';
import { ZMlpMixerEncoder } from './image/mlp-mixer.js';
import { ZResnetEncoder } from './image/resnet.js';
import { ZImageUNetEncoder } from './image/unet.js';
import { ZVitEncoder } from './image/vit.js';
import { ZRnnEncoder } from './text/rnn.js';
import { ZCnnRnnEncoder } from './text/cnnrnn.js';
import {
  ZAlbertEncoder, ZAutoTransformerEncoder, ZBertEncoder, ZCamembertEncoder, ZDebertaEncoder, ZDistilBertEncoder, ZElectraEncoder,
  ZGpt2Encoder, ZGptEncoder, ZLongformerEncoder, ZModernBertEncoder, ZRobertaEncoder, ZT5Encoder, ZXlmRobertaEncoder, ZXlnetEncoder,
} from './text/pretrained.js';
import { ZTimeseriesPassthroughEncoder } from './timeseries/passthrough.js';
import { ZNbeatsEncoder } from './timeseries/nbeats.js';
import { ZPatchtstEncoder } from './timeseries/patchtst.js';
import { ludwigEncoders } from '../ludwig-names.js';
import { unsupportedEncoderNames } from './unsupported.js';

export * from './bag/embed.js';
export * from './category/dense.js';
export * from './category/hash.js';
export * from './category/onehot.js';
export * from './category/sparse.js';
export * from './category/target.js';
export * from './date/embed.js';
export * from './date/wave.js';
export * from './dense.js';
export * from './passthrough.js';
export * from './number/bins.js';
export * from './number/periodic.js';
export * from './number/ple.js';
export * from './set/embed.js';
export * from './text/embed.js';
export * from './text/parallel-cnn.js';
export * from './text/sequence-fields.js';
export * from './text/stacked-cnn.js';
export * from './text/stacked-parallel-cnn.js';
export * from './text/tf-idf.js';
export * from './text/transformer.js';
export * from './image/stacked-cnn.js';
export * from './image/mlp-mixer.js';
export * from './image/resnet.js';
export * from './image/torchvision-fields.js';
export * from './image/unet.js';
export * from './image/vit.js';
export * from './text/rnn.js';
export * from './text/cnnrnn.js';
export * from './text/pretrained.js';
export * from './text/recurrent-fields.js';
export * from './timeseries/passthrough.js';
export * from './timeseries/nbeats.js';
export * from './timeseries/patchtst.js';
export * from './unsupported.js';

/** Ludwig's Hugging Face text encoders, run frozen from local ONNX exports (text/pretrained.ts). */
const pretrainedTextEncoderSchemas = {
  auto_transformer: ZAutoTransformerEncoder, bert: ZBertEncoder, albert: ZAlbertEncoder, roberta: ZRobertaEncoder,
  xlmroberta: ZXlmRobertaEncoder, distilbert: ZDistilBertEncoder, deberta: ZDebertaEncoder, electra: ZElectraEncoder,
  camembert: ZCamembertEncoder, gpt: ZGptEncoder, gpt2: ZGpt2Encoder, t5: ZT5Encoder, xlnet: ZXlnetEncoder,
  longformer: ZLongformerEncoder, modernbert: ZModernBertEncoder,
} as const;

/**
 * The encoder schemas of each trainable input type, keyed by the encoder's `type` literal. The first
 * entry is the default encoder (Ludwig's). Ludwig reuses names across types (`dense` is a fully
 * connected stack for numbers but an embedding for categories), so registries are per feature type.
 */
export const encoderSchemas = {
  binary: { passthrough: ZPassthroughEncoder, dense: ZDenseEncoder },
  number: { passthrough: ZPassthroughEncoder, dense: ZDenseEncoder, ple: ZPleEncoder, bins: ZBinsEncoder, periodic: ZPeriodicEncoder },
  vector: { dense: ZDenseEncoder, passthrough: ZPassthroughEncoder },
  category: {
    dense: ZCategoryDenseEncoder, sparse: ZCategorySparseEncoder, onehot: ZCategoryOneHotEncoder, passthrough: ZPassthroughEncoder,
    hash: ZCategoryHashEncoder, target: ZCategoryTargetEncoder,
  },
  set: { embed: ZSetEmbedEncoder },
  bag: { embed: ZBagEmbedEncoder },
  date: { embed: ZDateEmbedEncoder, wave: ZDateWaveEncoder },
  text: {
    parallel_cnn: ZParallelCnnEncoder, embed: ZTextEmbedEncoder, stacked_cnn: ZStackedCnnEncoder,
    stacked_parallel_cnn: ZStackedParallelCnnEncoder, tf_idf: ZTfIdfEncoder, transformer: ZTransformerEncoder,
    rnn: ZRnnEncoder, cnnrnn: ZCnnRnnEncoder, ...pretrainedTextEncoderSchemas,
  },
  // Ludwig registers its sequence encoders for text and sequence alike (same schemas); `embed` is the
  // sequence default. `tf_idf` is a text encoder only.
  sequence: {
    embed: ZTextEmbedEncoder, parallel_cnn: ZParallelCnnEncoder, stacked_cnn: ZStackedCnnEncoder,
    stacked_parallel_cnn: ZStackedParallelCnnEncoder, rnn: ZRnnEncoder, cnnrnn: ZCnnRnnEncoder, transformer: ZTransformerEncoder,
  },
  image: { stacked_cnn: ZImageStackedCnnEncoder, mlp_mixer: ZMlpMixerEncoder, resnet: ZResnetEncoder, vit: ZVitEncoder, unet: ZImageUNetEncoder },
  // Ludwig's sequence encoders over the series (one channel, no embedding), its sequence passthrough, dense over the padded
  // steps, and its two forecasting encoders (nbeats, patchtst).
  timeseries: {
    parallel_cnn: ZParallelCnnEncoder, stacked_cnn: ZStackedCnnEncoder, stacked_parallel_cnn: ZStackedParallelCnnEncoder,
    rnn: ZRnnEncoder, cnnrnn: ZCnnRnnEncoder, transformer: ZTransformerEncoder, passthrough: ZTimeseriesPassthroughEncoder,
    dense: ZDenseEncoder, nbeats: ZNbeatsEncoder, patchtst: ZPatchtstEncoder,
  },
  // Ludwig registers its sequence encoder configs for audio too (the frames are the steps); no transformer.
  audio: {
    parallel_cnn: ZParallelCnnEncoder, stacked_cnn: ZStackedCnnEncoder, stacked_parallel_cnn: ZStackedParallelCnnEncoder,
    rnn: ZRnnEncoder, cnnrnn: ZCnnRnnEncoder,
  },
} as const satisfies { [T in InputFeatureType]: Record<string, z.ZodObject> };

type EncoderSchemas = typeof encoderSchemas;

/** Encoder names valid for each trainable input type, default first. */
export type EncoderTypeFor<T extends InputFeatureType> = keyof EncoderSchemas[T] & string;
/** Every encoder name a trainable input can use. */
export type EncoderType = { [T in InputFeatureType]: EncoderTypeFor<T> }[InputFeatureType];
/** The resolved encoder config of input type `T` with encoder `E`. */
export type EncoderConfigFor<T extends InputFeatureType, E extends EncoderTypeFor<T> = EncoderTypeFor<T>> = {
  [K in E]: z.output<EncoderSchemas[T][K] & z.ZodType>;
}[E];

export const encodersByFeatureType = Object.fromEntries(
  Object.entries(encoderSchemas).map(([type, schemas]) => [type, Object.keys(schemas)]),
) as { [T in InputFeatureType]: EncoderTypeFor<T>[] };

export const defaultEncoders = {
  binary: 'passthrough',
  number: 'passthrough',
  vector: 'dense',
  category: 'dense',
  set: 'embed',
  bag: 'embed',
  date: 'embed',
  text: 'parallel_cnn',
  sequence: 'embed',
  image: 'stacked_cnn',
  timeseries: 'parallel_cnn',
  audio: 'parallel_cnn',
} as const satisfies { [T in InputFeatureType]: EncoderTypeFor<T> };

/** Ludwig's default encoder for an input type. */
export function defaultEncoder<T extends InputFeatureType>(type: T): (typeof defaultEncoders)[T] {
  return defaultEncoders[type];
}

/** The encoder block of each trainable input type: a union discriminated on `type`. */
export const ZBinaryEncoder = z.discriminatedUnion('type', [ZPassthroughEncoder, ZDenseEncoder]);
export const ZNumberEncoder = z.discriminatedUnion('type', [ZPassthroughEncoder, ZDenseEncoder, ZPleEncoder, ZBinsEncoder, ZPeriodicEncoder]);
export const ZVectorEncoder = z.discriminatedUnion('type', [ZDenseEncoder, ZPassthroughEncoder]);
export const ZCategoryEncoder = z.discriminatedUnion('type', [
  ZCategoryDenseEncoder, ZCategorySparseEncoder, ZCategoryOneHotEncoder, ZPassthroughEncoder, ZCategoryHashEncoder, ZCategoryTargetEncoder,
]);
export const ZSetEncoder = z.discriminatedUnion('type', [ZSetEmbedEncoder]);
export const ZBagEncoder = z.discriminatedUnion('type', [ZBagEmbedEncoder]);
export const ZDateEncoder = z.discriminatedUnion('type', [ZDateEmbedEncoder, ZDateWaveEncoder]);

/** Ludwig's other text encoders parse (parameters kept as written) and are refused by validation. */
export const unsupportedTextEncoderNames = unsupportedEncoderNames.text.filter((name) => !Object.hasOwn(encoderSchemas.text, name)) as [string, ...string[]];
export const ZTextEncoder = z.discriminatedUnion('type', [
  ZParallelCnnEncoder, ZTextEmbedEncoder, ZStackedCnnEncoder, ZStackedParallelCnnEncoder, ZTfIdfEncoder, ZTransformerEncoder,
  ZRnnEncoder, ZCnnRnnEncoder, ...Object.values(pretrainedTextEncoderSchemas),
  z.looseObject({ type: z.enum(unsupportedTextEncoderNames).meta({ description: 'A Ludwig text encoder Overture does not train yet.' }) }),
]);

/** Ludwig's other sequence encoders (passthrough, mamba, …) parse (parameters kept as written) and are refused by validation. */
export const unsupportedSequenceEncoderNames = unsupportedEncoderNames.sequence.filter((name) => !Object.hasOwn(encoderSchemas.sequence, name)) as [string, ...string[]];
export const ZSequenceEncoder = z.discriminatedUnion('type', [
  ZTextEmbedEncoder, ZParallelCnnEncoder, ZStackedCnnEncoder, ZStackedParallelCnnEncoder, ZRnnEncoder, ZCnnRnnEncoder, ZTransformerEncoder,
  z.looseObject({ type: z.enum(unsupportedSequenceEncoderNames).meta({ description: 'A Ludwig sequence encoder Overture does not train yet.' }) }),
]);

/** Ludwig's other image encoders (convnext, densenet, swin_transformer, …) parse (parameters kept as written) and are refused by validation. */
export const unsupportedImageEncoderNames = unsupportedEncoderNames.image.filter((name) => !Object.hasOwn(encoderSchemas.image, name)) as [string, ...string[]];
export const ZImageEncoder = z.discriminatedUnion('type', [
  ZImageStackedCnnEncoder, ZMlpMixerEncoder, ZResnetEncoder, ZVitEncoder, ZImageUNetEncoder,
  z.looseObject({ type: z.enum(unsupportedImageEncoderNames).meta({ description: 'A Ludwig image encoder Overture does not train yet.' }) }),
]);

/** Ludwig's other timeseries encoders (the mamba family) parse (parameters kept as written) and are refused by validation. */
export const unsupportedTimeseriesEncoderNames = (ludwigEncoders.timeseries ?? []).filter((name) => !Object.hasOwn(encoderSchemas.timeseries, name)) as [string, ...string[]];
export const ZTimeseriesEncoder = z.discriminatedUnion('type', [
  ZParallelCnnEncoder, ZStackedCnnEncoder, ZStackedParallelCnnEncoder, ZRnnEncoder, ZCnnRnnEncoder, ZTransformerEncoder,
  ZTimeseriesPassthroughEncoder, ZDenseEncoder, ZNbeatsEncoder, ZPatchtstEncoder,
  z.looseObject({ type: z.enum(unsupportedTimeseriesEncoderNames).meta({ description: 'A Ludwig timeseries encoder Overture does not train yet.' }) }),
]);
/** Ludwig's other audio encoders (mamba, wav2vec2, hubert, whisper, …) parse (parameters kept as written) and are refused by validation. */
export const unsupportedAudioEncoderNames = unsupportedEncoderNames.audio.filter((name) => !Object.hasOwn(encoderSchemas.audio, name)) as [string, ...string[]];
export const ZAudioEncoder = z.discriminatedUnion('type', [
  ZParallelCnnEncoder, ZStackedCnnEncoder, ZStackedParallelCnnEncoder, ZRnnEncoder, ZCnnRnnEncoder,
  z.looseObject({ type: z.enum(unsupportedAudioEncoderNames).meta({ description: 'A Ludwig audio encoder Overture does not train yet.' }) }),
]);
