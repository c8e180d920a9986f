import { z } from 'zod';
import { doc } from '../common.js';
import { headsDivideHidden, sequenceReduceOutputField } from '../attention-fields.js';
import { commonTransformerShape } from './transformer-options.js';

/**
 * Ludwig's `transformer` combiner (`TransformerCombinerConfig`): each encoder output projected to
 * hidden_size is one token, transformer blocks attend across the features, the tokens are
 * reduced (mean by default), then an optional fully connected stack.
 */
export const ZTransformerCombiner = z.strictObject({
  type: doc(z.literal('transformer'), 'Self-attention across the input features, one token each, then a reduction and an FC stack.'),
  ...commonTransformerShape,
  reduce_output: sequenceReduceOutputField('mean'),
}).superRefine(headsDivideHidden);
export type TransformerCombinerConfig = z.output<typeof ZTransformerCombiner>;
