import type { DecoderType } from '@overture/config';
import type { DecoderFactory } from './decoder.js';
import { regressorDecoder } from './regressor.js';
import { classifierDecoder } from './classifier.js';
import { projectorDecoder } from './projector.js';
import { mlpClassifierDecoder } from './mlp-classifier.js';
import { anomalyDecoder } from './anomaly.js';

/** tfjs decoders keyed by the config's `decoder.type`. */
export const decoders = {
  regressor: regressorDecoder,
  classifier: classifierDecoder,
  projector: projectorDecoder,
  mlp_classifier: mlpClassifierDecoder,
  anomaly: anomalyDecoder,
} satisfies Record<DecoderType, DecoderFactory<never>>;

export function decoderFactory(type: DecoderType): DecoderFactory<never> {
  return decoders[type];
}
