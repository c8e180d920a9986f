import { z } from 'zod';
import { activationField, doc, dropoutField, numFcLayersField, outputSizeField } from '../common.js';

/** Bound on hidden_size: the generator's last layer has hyper_hidden_size × hidden_size² weights. */
export const HYPERNETWORK_MAX_HIDDEN = 512;

/**
 * Ludwig 0.17's `hypernetwork` combiner (`HyperNetworkCombinerConfig`, after HyperFusion, 2024):
 * every input feature is projected to hidden_size; the first input feature's projection goes
 * through a small network (hidden_size → hyper_hidden_size → ReLU → hidden_size²) whose output is
 * a hidden_size × hidden_size matrix per row, applied to the projection of every other feature;
 * the first projection and the transformed ones are concatenated into the FC stack.
 */
export const ZHyperNetworkCombiner = z.strictObject({
  type: doc(z.literal('hypernetwork'), 'The first input feature generates, per row, the matrix applied to the other features.'),
  hidden_size: doc(z.number().int().positive().max(HYPERNETWORK_MAX_HIDDEN).default(128), `Size of each feature's projection (at most ${HYPERNETWORK_MAX_HIDDEN}).`, {
    suggested_values: [16, 32, 64, 128],
  }),
  hyper_hidden_size: doc(z.number().int().positive().max(1024).default(64), 'Hidden size inside the weight generator.', { suggested_values: [16, 32, 64] }),
  output_size: outputSizeField(128),
  num_fc_layers: numFcLayersField(0),
  dropout: dropoutField(0.1),
  activation: activationField(),
});
export type HyperNetworkCombinerConfig = z.output<typeof ZHyperNetworkCombiner>;
