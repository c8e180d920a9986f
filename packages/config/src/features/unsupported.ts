import { z } from 'zod';
import { doc } from '../common.js';
import { unsupportedEncoder, unsupportedEncoderNames, type UnsupportedFeatureType } from '../encoders/unsupported.js';
import { ZGeneratorDecoder } from '../decoders/generator.js';
import { ZTaggerDecoder } from '../decoders/tagger.js';
import { ZSequenceSoftmaxCrossEntropyLoss } from '../losses/sequence-softmax-cross-entropy.js';
import { inputFeatureBase, outputFeatureBase } from './base.js';
import { ZSequenceOutputPreprocessing } from './sequence.js';
import { ZTextOutputPreprocessing } from './text.js';

/**
 * Feature types Ludwig has and Overture cannot train yet. They parse (with Ludwig's encoder names and
 * their parameters kept loosely) so that validation can answer "text input features are not supported
 * yet" instead of an unknown-type error. Only the default encoder name is filled in.
 */
const looseBlock = (description: string) => doc(z.record(z.string(), z.unknown()).default({}), description);

function unsupportedInput<T extends UnsupportedFeatureType>(type: T) {
  const preprocessing = looseBlock(`Preprocessing of the ${type} feature (kept as written).`);
  return z.strictObject({
    ...inputFeatureBase,
    type: z.literal(type),
    encoder: unsupportedEncoder(type).prefault({ type: unsupportedEncoderNames[type][0] } as never),
    preprocessing,
    augmentation: doc(z.unknown().optional(), 'Image augmentation (Ludwig); kept as written.'),
  });
}

export const ZH3InputFeature = unsupportedInput('h3');

/** Ludwig decoders of the output types Overture cannot train yet, default first. */
export const unsupportedDecoderNames = {
  text: ['generator', 'tagger', 'transformer_generator'],
  sequence: ['generator', 'tagger', 'transformer_generator'],
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

/**
 * Text and sequence outputs (Ludwig's tagger and generator decoders, the sequence loss, the output
 * preprocessing): the tagger and the generator train; transformer_generator parses loosely and is
 * refused by validation ("not supported yet", sequence-checks.ts).
 */
function tokenSequenceOutput<T extends 'text' | 'sequence'>(type: T, preprocessing: typeof ZTextOutputPreprocessing) {
  return z.strictObject({
    ...outputFeatureBase,
    type: z.literal(type),
    decoder: z.discriminatedUnion('type', [
      ZGeneratorDecoder, ZTaggerDecoder,
      z.looseObject({ type: z.literal('transformer_generator').meta({ description: 'A Ludwig decoder Overture does not train yet.' }) }),
    ]).prefault({ type: 'generator' }),
    loss: z.discriminatedUnion('type', [
      ZSequenceSoftmaxCrossEntropyLoss,
      z.looseObject({ type: z.literal('next_token_softmax_cross_entropy').meta({ description: 'A Ludwig (LLM) loss Overture does not train yet.' }) }),
    ]).prefault({ type: 'sequence_softmax_cross_entropy' }),
    preprocessing: preprocessing.prefault({}),
    default_validation_metric: z.string().optional(),
  });
}

export const ZTextOutputFeature = tokenSequenceOutput('text', ZTextOutputPreprocessing);
export const ZSequenceOutputFeature = tokenSequenceOutput('sequence', ZSequenceOutputPreprocessing);
