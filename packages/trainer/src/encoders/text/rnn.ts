import type { RnnEncoderConfig } from '@overture/config';
import type { EncoderFactory } from '../encoder.js';
import { recurrentEncoder } from './recurrent-encoder.js';

/** Ludwig's `rnn` text encoder (StackedRNN): embeddings straight into `num_layers` recurrent layers. */
export const rnnEncoder: EncoderFactory<RnnEncoderConfig> = (args) => recurrentEncoder(args, args.config.num_layers, () => null);
