import { z } from 'zod';
import { doc } from '../common.js';
import { sequenceDecoderInternalShape } from './tagger.js';

/**
 * Ludwig's `generator` decoder (`SequenceGeneratorDecoderConfig`, the default of text and sequence
 * outputs): a recurrent decoder fed the combiner's output, trained with teacher forcing, decoding
 * greedily or by beam search up to the output's max_sequence_length.
 */
export const ZGeneratorDecoder = z.strictObject({
  type: doc(z.literal('generator'), 'Generates the output sequence token by token with a recurrent decoder (greedy or beam search).'),
  ...sequenceDecoderInternalShape,
  cell_type: doc(z.enum(['rnn', 'lstm', 'gru']).default('gru'), 'Recurrent cell of the decoder.', { commonly_used: true }),
  input_size: doc(z.number().int().positive().default(256), 'Size of the input to the decoder (Ludwig sets it from the combiner).'),
  reduce_input: doc(
    z.enum(['sum', 'mean', 'avg', 'max', 'concat', 'last']).default('sum'),
    'How a combiner output with a time axis becomes the decoder\'s initial state.',
  ),
  num_layers: doc(z.number().int().positive().default(1), 'Number of stacked recurrent layers.'),
  teacher_forcing_decay: doc(
    z.enum(['none', 'linear', 'exponential']).default('none'),
    'Scheduled sampling (Bengio et al., 2015): none always feeds the true previous token in training; linear or exponential decay that probability.',
  ),
  teacher_forcing_decay_rate: doc(z.number().min(0).max(1).default(0.01), 'Rate of the teacher forcing decay per decoding step.'),
  beam_width: doc(
    z.number().int()
      .min(1, { error: 'beam_width must be at least 1 (1 is greedy decoding, more keeps that many candidate sequences per step)' })
      .default(1),
    'Candidate sequences kept per step at prediction: 1 decodes greedily, more is beam search.',
    { suggested_values: [1, 3, 5] },
  ),
  beam_length_penalty: doc(
    z.number().min(0).default(1),
    'Beam search scores a sequence by log p / length^beam_length_penalty: above 1 favours shorter sequences, below 1 longer ones.',
  ),
});
export type GeneratorDecoderConfig = z.infer<typeof ZGeneratorDecoder>;
