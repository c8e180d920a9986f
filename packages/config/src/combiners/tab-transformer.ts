import { z } from 'zod';
import { doc } from '../common.js';
import { headsDivideHidden, sequenceReduceOutputField } from '../attention-fields.js';
import { commonTransformerShape } from './transformer-options.js';

/**
 * Ludwig's `tabtransformer` combiner (`TabTransformerCombinerConfig`; Huang et al., 2020,
 * "TabTransformer"): the features that are not numbers or binaries become tokens for the
 * transformer blocks, optionally marked with a learned embedding of which feature they are
 * (`embed_input_feature_name`); the number and binary encoder outputs skip it through a layer norm
 * and join the reduced tokens before the fully connected stack.
 */
export const ZTabTransformerCombiner = z.strictObject({
  type: doc(z.literal('tabtransformer'), 'TabTransformer: self-attention across the non-numeric features; numbers join after a layer norm.'),
  ...commonTransformerShape,
  embed_input_feature_name: doc(
    z.union([z.literal('add'), z.number().int().positive()]).nullable().default(null),
    "Mark each token with a learned embedding of its feature: 'add' adds a hidden_size embedding, an integer n concatenates an n-wide one (the projection then gives hidden_size − n); null: none.",
  ),
  reduce_output: sequenceReduceOutputField('concat'),
}).superRefine((value, ctx) => {
  headsDivideHidden(value, ctx);
  const n = value.embed_input_feature_name;
  if (typeof n === 'number' && n >= value.hidden_size) {
    ctx.addIssue({
      code: 'custom',
      path: ['embed_input_feature_name'],
      message: `embed_input_feature_name (${n}) must be smaller than hidden_size (${value.hidden_size}): the feature's own projection gets the remaining hidden_size − ${n} values`,
    });
  }
});
export type TabTransformerCombinerConfig = z.output<typeof ZTabTransformerCombiner>;
