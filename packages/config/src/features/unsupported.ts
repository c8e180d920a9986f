import { z } from 'zod';
import { doc } from '../common.js';
import { unsupportedEncoder, unsupportedEncoderNames, type UnsupportedFeatureType } from '../encoders/unsupported.js';
import { inputFeatureBase, outputFeatureBase } from './base.js';
import { ZSequencePreprocessing } from './sequence.js';

/**
 * Feature types Ludwig has and Overture cannot train yet. They parse (with Ludwig's encoder names and
 * their parameters kept loosely) so that validation can answer "text input features are not supported
 * yet" instead of an unknown-type error. Only the default encoder name is filled in.
 */
const looseBlock = (description: string) => doc(z.record(z.string(), z.unknown()).default({}), description);

function unsupportedInput<T extends UnsupportedFeatureType>(type: T, preprocessing: z.ZodType = looseBlock(`Preprocessing of the ${type} feature (kept as written).`)) {
  return z.strictObject({
    ...inputFeatureBase,
    type: z.literal(type),
    encoder: unsupportedEncoder(type).prefault({ type: unsupportedEncoderNames[type][0] } as never),
    preprocessing,
    augmentation: doc(z.unknown().optional(), 'Image augmentation (Ludwig); kept as written.'),
  });
}

// Sequence preprocessing is validated already (the trainer's text preprocessing exists).
export const ZSequenceInputFeature = unsupportedInput('sequence', ZSequencePreprocessing.prefault({}));
export const ZTimeseriesInputFeature = unsupportedInput('timeseries');
export const ZH3InputFeature = unsupportedInput('h3');

/** Ludwig decoders of the output types Overture cannot train yet, default first. */
export const unsupportedDecoderNames = {
  text: ['generator', 'tagger', 'transformer_generator'],
  sequence: ['generator', 'tagger', 'transformer_generator'],
  timeseries: ['projector'],
  image: ['unet', 'segformer', 'fpn'],
} as const;

function unsupportedOutput<T extends keyof typeof unsupportedDecoderNames>(type: T) {
  return z.strictObject({
    ...outputFeatureBase,
    type: z.literal(type),
    decoder: z.looseObject({ type: z.enum(unsupportedDecoderNames[type]) }).prefault({ type: unsupportedDecoderNames[type][0] } as never),
    loss: z.looseObject({ type: z.string().optional() }).prefault({}),
    preprocessing: looseBlock(`Preprocessing of the ${type} output (kept as written).`),
    default_validation_metric: z.string().optional(),
  }).catchall(z.unknown());
}

export const ZTextOutputFeature = unsupportedOutput('text');
export const ZSequenceOutputFeature = unsupportedOutput('sequence');
export const ZTimeseriesOutputFeature = unsupportedOutput('timeseries');
export const ZImageOutputFeature = unsupportedOutput('image');
