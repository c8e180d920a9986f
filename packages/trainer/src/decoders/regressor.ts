import type { RegressorDecoderConfig } from '@overture/config';
import type { DecoderFactory } from './decoder.js';
import { buildHead } from './head.js';

/** One linear unit: a logit (binary) or a value (number). */
export const regressorDecoder: DecoderFactory<RegressorDecoderConfig> = (args) => buildHead({ ...args, outputSize: 1 });
