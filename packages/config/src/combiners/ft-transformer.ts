import { z } from 'zod';
import { doc } from '../common.js';
import { headsDivideHidden } from '../attention-fields.js';
import { commonTransformerShape } from './transformer-options.js';

/**
 * Ludwig's `ft_transformer` combiner (`FTTransformerCombinerConfig`; Gorishniy et al., 2021,
 * "Revisiting Deep Learning Models for Tabular Data"): each encoder output projected to a token of
 * hidden_size, a learned [CLS] token in front, transformer blocks, and the [CLS] token's output
 * through an optional fully connected stack.
 */
export const ZFtTransformerCombiner = z.strictObject({
  type: doc(z.literal('ft_transformer'), 'FT-Transformer: one token per input feature plus a [CLS] token; the [CLS] output is the combination.'),
  ...commonTransformerShape,
}).superRefine(headsDivideHidden);
export type FtTransformerCombinerConfig = z.output<typeof ZFtTransformerCombiner>;
