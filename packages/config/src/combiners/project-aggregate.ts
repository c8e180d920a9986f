import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, fcLayersField, normParamsField, numFcLayersField,
  outputSizeField, useBiasField, weightsInitializerField,
} from '../common.js';

/** Projects each input feature to one size, averages the projections, then a fully connected stack (Ludwig `ProjectAggregateCombinerConfig`). */
export const ZProjectAggregateCombiner = z.strictObject({
  type: doc(z.literal('project_aggregate'), 'Project every encoder output to the same size, average them, then a fully connected stack.'),
  projection_size: doc(z.number().int().positive().default(128), 'All combiner inputs are projected to this size before being aggregated.'),
  residual: doc(z.boolean().default(true), 'Add skip connections between the fully connected layers whose input and output sizes match.'),
  dropout: dropoutField(),
  activation: activationField(),
  num_fc_layers: numFcLayersField(2),
  output_size: outputSizeField(128, 'Output size of each layer of the fully connected stack after the aggregation.'),
  norm: doc(z.enum(['batch', 'layer']).nullable().default('layer'), 'Normalization of each fully connected layer: batch, layer or null.'),
  norm_params: normParamsField(),
  fc_layers: fcLayersField(),
  use_bias: useBiasField(),
  bias_initializer: biasInitializerField(),
  weights_initializer: weightsInitializerField(),
});
export type ProjectAggregateCombinerConfig = z.output<typeof ZProjectAggregateCombiner>;
