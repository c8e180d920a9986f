import { z } from 'zod';
import { doc } from '../common.js';
import { reduceModes } from '../encoders/text/sequence-fields.js';

/**
 * Ludwig's `sequence_concat` combiner (`SequenceConcatCombinerConfig`): the sequence of one input
 * (`main_sequence_feature`, else the first input whose encoder keeps its sequence) with every other
 * input concatenated to each step — other sequences of the same length step by step, vectors
 * repeated over the steps — then reduced over the steps by `reduce_output` (null: kept, for a tagger).
 */
export const ZSequenceConcatCombiner = z.strictObject({
  type: doc(z.literal('sequence_concat'), 'Concatenate the other inputs to every step of a sequence input (for a tagger output).'),
  main_sequence_feature: doc(
    z.string().nullable().default(null),
    'The text or sequence input whose steps the others are concatenated to; null: the first input whose encoder keeps its sequence (reduce_output: null).',
  ),
  reduce_output: doc(
    z.enum(reduceModes).nullable().default(null)
      .refine((v) => v !== 'attention', { message: "reduce_output 'attention' (a learned weighting of the time steps) is a Ludwig reduction that Overture does not support yet" }),
    'How the combined sequence is reduced to one vector: null (or none) keeps the steps; sum, mean (avg), max, concat or last reduce them.',
  ),
});
export type SequenceConcatCombinerConfig = z.output<typeof ZSequenceConcatCombiner>;
