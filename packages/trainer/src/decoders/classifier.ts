import type { ClassifierDecoderConfig } from '@overture/config';
import type { DecoderFactory } from './decoder.js';
import { buildHead } from './head.js';

/** One logit per class (softmax for category, independent sigmoids for set). */
export const classifierDecoder: DecoderFactory<ClassifierDecoderConfig> = (args) => buildHead(args);
