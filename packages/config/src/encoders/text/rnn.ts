import { z } from 'zod';
import { doc } from '../../common.js';
import { recurrentShape } from './recurrent-fields.js';

/**
 * Ludwig's `rnn` text encoder (StackedRNN): embeddings, `num_layers` recurrent layers (rnn, lstm
 * or gru cells, optionally bidirectional), a reduction over time (`last` by default), then an
 * optional fully connected stack.
 */
export const ZRnnEncoder = z.strictObject({
  type: doc(z.literal('rnn'), 'Embeddings, then stacked recurrent layers (RNN, LSTM or GRU) over the tokens.'),
  ...recurrentShape('rnn'),
  num_layers: doc(z.number().int().positive().default(1), 'Number of stacked recurrent layers.', { commonly_used: true }),
});
export type RnnEncoderConfig = z.output<typeof ZRnnEncoder>;
