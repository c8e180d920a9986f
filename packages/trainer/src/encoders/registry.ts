import type { EncoderConfigFor, EncoderTypeFor, InputFeatureType } from '@overture/config';
import type { EncoderFactory } from './encoder.js';
import { passthroughEncoder } from './passthrough.js';
import { denseEncoder } from './dense.js';
import { pleEncoder } from './number/ple.js';
import { binsEncoder } from './number/bins.js';
import { periodicEncoder } from './number/periodic.js';
import { categoryHashEncoder } from './category/hash.js';
import { categoryTargetEncoder } from './category/target.js';
import { categoryDenseEncoder, categorySparseEncoder } from './category/dense.js';
import { categoryOneHotEncoder } from './category/onehot.js';
import { setEmbedEncoder } from './set/embed.js';
import { dateEmbedEncoder } from './date/embed.js';
import { dateWaveEncoder } from './date/wave.js';
import { textEmbedEncoder } from './text/embed.js';
import { parallelCnnEncoder } from './text/parallel-cnn.js';
import { stackedCnnEncoder } from './text/stacked-cnn.js';
import { stackedParallelCnnEncoder } from './text/stacked-parallel-cnn.js';
import { tfIdfEncoder } from './text/tf-idf.js';
import { pretrainedTextEncoder } from './text/pretrained.js';
import { transformerEncoder } from './text/transformer.js';
import { imageStackedCnnEncoder } from './image/stacked-cnn.js';
import { mlpMixerEncoder } from './image/mlp-mixer.js';
import { resnetEncoder } from './image/resnet.js';
import { imageUNetEncoder } from './image/unet.js';
import { vitEncoder } from './image/vit.js';
import { rnnEncoder } from './text/rnn.js';
import { cnnRnnEncoder } from './text/cnnrnn.js';
import { timeseriesPassthroughEncoder } from './timeseries/passthrough.js';
import { nbeatsEncoder } from './timeseries/nbeats.js';
import { patchtstEncoder } from './timeseries/patchtst.js';
import { audioParallelCnnEncoder, audioStackedCnnEncoder, audioStackedParallelCnnEncoder } from './audio/frame-cnn.js';
import { audioCnnRnnEncoder, audioRnnEncoder } from './audio/frame-rnn.js';

type EncoderRegistry = {
  [T in InputFeatureType]: { [E in EncoderTypeFor<T>]: EncoderFactory<EncoderConfigFor<T, E>> };
};

/** tfjs encoders for every (input type, encoder name) the config allows: a missing one fails to compile. */
export const encoders = {
  binary: { passthrough: passthroughEncoder, dense: denseEncoder },
  number: { passthrough: passthroughEncoder, dense: denseEncoder, ple: pleEncoder, bins: binsEncoder, periodic: periodicEncoder },
  vector: { dense: denseEncoder, passthrough: passthroughEncoder },
  category: {
    dense: categoryDenseEncoder, sparse: categorySparseEncoder, onehot: categoryOneHotEncoder, passthrough: passthroughEncoder,
    hash: categoryHashEncoder, target: categoryTargetEncoder,
  },
  set: { embed: setEmbedEncoder },
  bag: { embed: setEmbedEncoder },
  date: { embed: dateEmbedEncoder, wave: dateWaveEncoder },
  text: {
    parallel_cnn: parallelCnnEncoder, embed: textEmbedEncoder, stacked_cnn: stackedCnnEncoder,
    stacked_parallel_cnn: stackedParallelCnnEncoder, tf_idf: tfIdfEncoder, transformer: transformerEncoder,
    rnn: rnnEncoder, cnnrnn: cnnRnnEncoder,
    auto_transformer: pretrainedTextEncoder, bert: pretrainedTextEncoder, albert: pretrainedTextEncoder, roberta: pretrainedTextEncoder,
    xlmroberta: pretrainedTextEncoder, distilbert: pretrainedTextEncoder, deberta: pretrainedTextEncoder, electra: pretrainedTextEncoder,
    camembert: pretrainedTextEncoder, gpt: pretrainedTextEncoder, gpt2: pretrainedTextEncoder, t5: pretrainedTextEncoder,
    xlnet: pretrainedTextEncoder, longformer: pretrainedTextEncoder, modernbert: pretrainedTextEncoder,
  },
  // The same modules as text's: a sequence is token ids like a text's, from another tokenizer.
  sequence: {
    embed: textEmbedEncoder, parallel_cnn: parallelCnnEncoder, stacked_cnn: stackedCnnEncoder,
    stacked_parallel_cnn: stackedParallelCnnEncoder, rnn: rnnEncoder, cnnrnn: cnnRnnEncoder, transformer: transformerEncoder,
  },
  image: { stacked_cnn: imageStackedCnnEncoder, mlp_mixer: mlpMixerEncoder, resnet: resnetEncoder, vit: vitEncoder, unet: imageUNetEncoder },
  // The text sequence encoders read the series as frames of floats (encoders/float-sequence-input.ts).
  timeseries: {
    parallel_cnn: parallelCnnEncoder, stacked_cnn: stackedCnnEncoder, stacked_parallel_cnn: stackedParallelCnnEncoder,
    rnn: rnnEncoder, cnnrnn: cnnRnnEncoder, transformer: transformerEncoder, passthrough: timeseriesPassthroughEncoder,
    dense: denseEncoder, nbeats: nbeatsEncoder, patchtst: patchtstEncoder,
  },
  audio: {
    parallel_cnn: audioParallelCnnEncoder, stacked_cnn: audioStackedCnnEncoder, stacked_parallel_cnn: audioStackedParallelCnnEncoder,
    rnn: audioRnnEncoder, cnnrnn: audioCnnRnnEncoder,
  },
} satisfies EncoderRegistry;

export function encoderFactory(featureType: InputFeatureType, encoderType: string): EncoderFactory<never> {
  const byType = encoders[featureType] as Record<string, EncoderFactory<never>>;
  const factory = byType[encoderType];
  if (!factory) throw new Error(`no '${encoderType}' encoder for ${featureType} features`);
  return factory;
}
