import type { TextEmbedEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { buildSequenceCnn } from './sequence-cnn.js';

/** Ludwig's `embed` text encoder: the token embeddings reduced over time (sum by default), nothing after. */
export const textEmbedEncoder: EncoderFactory<TextEmbedEncoderConfig> = (args) =>
  buildSequenceCnn(args, { embedding: args.config, blocks: [], reduceOutput: args.config.reduce_output, fc: null });
