import { OvertureError, type DecoderType } from '@overture/config';
import type { DecoderFactory } from './decoder.js';
import { regressorDecoder } from './regressor.js';
import { classifierDecoder } from './classifier.js';
import { projectorDecoder } from './projector.js';
import { mlpClassifierDecoder } from './mlp-classifier.js';
import { anomalyDecoder } from './anomaly.js';
import { taggerDecoder } from './tagger.js';
import { generatorDecoder } from './generator.js';
import { unetDecoder } from './unet.js';

/** tfjs decoders keyed by the config's `decoder.type`. */
export const decoders = {
  regressor: regressorDecoder,
  classifier: classifierDecoder,
  projector: projectorDecoder,
  mlp_classifier: mlpClassifierDecoder,
  anomaly: anomalyDecoder,
  tagger: taggerDecoder,
  generator: generatorDecoder,
  unet: unetDecoder,
} satisfies Record<DecoderType, DecoderFactory<never>>;

/** The decoder of a type; Ludwig's transformer_generator (valid config, not trained here) is refused by name. */
export function decoderFactory(type: string): DecoderFactory<never> {
  if (!Object.hasOwn(decoders, type)) throw new OvertureError('unsupported', `'${type}' is a Ludwig decoder that Overture does not support yet`);
  return decoders[type as DecoderType];
}
