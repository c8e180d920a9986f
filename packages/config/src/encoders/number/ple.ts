import { z } from 'zod';
import {
  activationField, biasInitializerField, doc, dropoutField, outputSizeField, useBiasField, weightsInitializerField,
} from '../../common.js';

/** The most bins `ple` can use: training stores this many quantile bins per number feature. */
export const PLE_MAX_BINS = 64;

/**
 * Piecewise linear encoding (Gorishniy et al., 2022, "On Embeddings for Numerical Features in
 * Tabular Deep Learning"; Ludwig's newer `ple` encoder): the value becomes one entry per
 * quantile bin (0 below it, 1 above it, linear inside), then a linear layer.
 */
export const ZPleEncoder = z.strictObject({
  type: doc(z.literal('ple'), 'Piecewise linear encoding over quantile bins of the training values, then a linear layer.'),
  num_bins: doc(z.number().int().min(2).max(PLE_MAX_BINS).default(PLE_MAX_BINS), `Number of quantile bins (at most ${PLE_MAX_BINS}).`, {
    suggested_values: [8, 16, 32, 64],
  }),
  output_size: outputSizeField(256, 'Output size of the linear layer after the encoding.'),
  activation: activationField(),
  dropout: dropoutField(),
  use_bias: useBiasField(),
  weights_initializer: weightsInitializerField(),
  bias_initializer: biasInitializerField(),
});
export type PleEncoderConfig = z.infer<typeof ZPleEncoder>;
