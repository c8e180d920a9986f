import { z } from 'zod';
import type { InputFeatureType, OutputFeatureType } from '../feature-types.js';
import { ZBagInputFeature } from './bag.js';
import { withColumn } from './base.js';
import { ZBinaryInputFeature, ZBinaryOutputFeature } from './binary.js';
import { ZCategoryInputFeature, ZCategoryOutputFeature } from './category.js';
import { ZCategoryDistributionOutputFeature } from './category-distribution.js';
import { ZAnomalyOutputFeature } from './anomaly.js';
import { ZDateInputFeature } from './date.js';
import { ZNumberInputFeature, ZNumberOutputFeature } from './number.js';
import { ZSetInputFeature, ZSetOutputFeature } from './set.js';
import { ZTextInputFeature } from './text.js';
import { ZSequenceInputFeature } from './sequence.js';
import { ZImageInputFeature } from './image.js';
import { ZImageOutputFeature } from './image-output.js';
import { ZTimeseriesInputFeature, ZTimeseriesOutputFeature } from './timeseries.js';
import { ZAudioInputFeature } from './audio.js';
import {
  ZH3InputFeature,
  ZSequenceOutputFeature, ZTextOutputFeature,
} from './unsupported.js';
import { ZVectorInputFeature, ZVectorOutputFeature } from './vector.js';

export * from './bag.js';
export * from './binary.js';
export * from './category.js';
export * from './category-distribution.js';
export * from './anomaly.js';
export * from './date.js';
export * from './image.js';
export * from './image-output.js';
export * from './image-augmentation.js';
export * from './audio.js';
export * from './number.js';
export * from './sequence.js';
export * from './set.js';
export * from './text.js';
export * from './text-tokenizers.js';
export * from './timeseries.js';
export * from './vector.js';
export { unsupportedDecoderNames } from './unsupported.js';

/** Input feature schemas of the types Overture trains, keyed by type. */
export const inputFeatureSchemas = {
  binary: ZBinaryInputFeature,
  number: ZNumberInputFeature,
  category: ZCategoryInputFeature,
  set: ZSetInputFeature,
  bag: ZBagInputFeature,
  date: ZDateInputFeature,
  vector: ZVectorInputFeature,
  text: ZTextInputFeature,
  sequence: ZSequenceInputFeature,
  image: ZImageInputFeature,
  timeseries: ZTimeseriesInputFeature,
  audio: ZAudioInputFeature,
} as const satisfies { [T in InputFeatureType]: z.ZodObject };

export const outputFeatureSchemas = {
  binary: ZBinaryOutputFeature,
  number: ZNumberOutputFeature,
  category: ZCategoryOutputFeature,
  set: ZSetOutputFeature,
  vector: ZVectorOutputFeature,
  timeseries: ZTimeseriesOutputFeature,
  category_distribution: ZCategoryDistributionOutputFeature,
  anomaly: ZAnomalyOutputFeature,
  text: ZTextOutputFeature,
  sequence: ZSequenceOutputFeature,
} as const satisfies { [T in OutputFeatureType]: z.ZodObject };

export const ZInputFeature = z
  .discriminatedUnion('type', [
    ZBinaryInputFeature, ZNumberInputFeature, ZCategoryInputFeature, ZSetInputFeature, ZBagInputFeature,
    ZDateInputFeature, ZVectorInputFeature,
    ZTextInputFeature, ZSequenceInputFeature, ZImageInputFeature, ZAudioInputFeature, ZTimeseriesInputFeature, ZH3InputFeature,
  ])
  .transform(withColumn);

export const ZOutputFeature = z
  .discriminatedUnion('type', [
    ZBinaryOutputFeature, ZNumberOutputFeature, ZCategoryOutputFeature, ZSetOutputFeature, ZVectorOutputFeature,
    ZTextOutputFeature, ZSequenceOutputFeature, ZTimeseriesOutputFeature, ZImageOutputFeature, ZCategoryDistributionOutputFeature,
    ZAnomalyOutputFeature,
  ])
  .transform(withColumn);

type AnyInputFeature = z.output<typeof ZInputFeature>;
type AnyOutputFeature = z.output<typeof ZOutputFeature>;

/** A resolved input feature of a type Overture trains (what the trainer reads). */
export type InputFeatureConfig = Extract<AnyInputFeature, { type: InputFeatureType }>;
/** A resolved output feature of a type Overture trains. */
export type OutputFeatureConfig = Extract<AnyOutputFeature, { type: OutputFeatureType }>;
/** The resolved input feature of one type, e.g. `InputFeatureConfigOf<'number'>`. */
export type InputFeatureConfigOf<T extends InputFeatureType> = Extract<InputFeatureConfig, { type: T }>;
export type OutputFeatureConfigOf<T extends OutputFeatureType> = Extract<OutputFeatureConfig, { type: T }>;
/** What a user may write for one input / output feature. */
export type InputFeatureInput = z.input<typeof ZInputFeature>;
export type OutputFeatureInput = z.input<typeof ZOutputFeature>;
