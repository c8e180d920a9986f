import { z } from 'zod';
import { doc } from '../common.js';

/**
 * Encoder names Ludwig registers for the feature types Overture cannot train yet. They are accepted by
 * name (so a Ludwig config parses and the user gets "not supported yet" instead of "unknown key"), with
 * their parameters kept as written. Default first.
 */
export const unsupportedEncoderNames = {
  text: [
    'parallel_cnn', 'embed', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer', 'tf_idf',
    'auto_transformer', 'bert', 'albert', 'roberta', 'xlmroberta', 'distilbert', 'deberta', 'electra', 'camembert',
    'flaubert', 'gpt', 'gpt2', 't5', 'xlnet', 'longformer', 'transformer_xl', 'llm', 'modernbert', 'mamba', 'mamba2', 'jamba',
  ],
  sequence: [
    'embed', 'parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer', 'passthrough',
    'mamba', 'mamba2', 'jamba',
  ],
  image: [
    'stacked_cnn', 'unet', 'alexnet', 'convnext', 'densenet', 'efficientnet', 'googlenet', 'inceptionv3',
    'maxvit', 'mnasnet', 'mobilenetv2', 'mobilenetv3', 'regnet', 'resnext', 'shufflenet_v2', 'squeezenet',
    'swin_transformer', 'vgg', 'wide_resnet', 'convnextv2', 'dinov2', 'clip', 'siglip', 'timm',
  ],
  audio: ['parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'mamba', 'mamba2', 'jamba', 'wav2vec2', 'hubert', 'whisper'],
  h3: ['embed', 'weighted_sum', 'rnn'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type UnsupportedFeatureType = keyof typeof unsupportedEncoderNames;

/** A loose encoder block: the type must be a Ludwig encoder name of that feature type, the rest is kept as is. */
export function unsupportedEncoder<T extends UnsupportedFeatureType>(featureType: T) {
  const names = unsupportedEncoderNames[featureType];
  return z.looseObject({
    type: doc(z.enum(names as (typeof unsupportedEncoderNames)[T]), `Encoder of the ${featureType} feature (not trainable in Overture yet).`),
  });
}
