import type { MlpClassifierDecoderConfig } from '@overture/config';
import type { DecoderFactory } from './decoder.js';
import { buildHead } from './head.js';

/**
 * Ludwig's `mlp_classifier` (binary and category): `num_fc_layers` hidden layers of `output_size`
 * (linear → activation → dropout, no norm), then the linear layer to the logits; `use_bias` and
 * the initializers apply to every layer as in Ludwig's MLPClassifier. The output width comes from
 * the feature (1 logit for binary, one per class for category).
 */
export const mlpClassifierDecoder: DecoderFactory<MlpClassifierDecoderConfig> = ({ config, ...args }) => buildHead({
  ...args,
  config: {
    num_fc_layers: config.num_fc_layers,
    fc_layers: null,
    fc_output_size: config.output_size,
    fc_activation: config.activation,
    fc_dropout: config.dropout,
    fc_norm: null,
    fc_use_bias: config.use_bias,
    fc_weights_initializer: config.weights_initializer,
    fc_bias_initializer: config.bias_initializer,
    use_bias: config.use_bias,
    weights_initializer: config.weights_initializer,
    // Ludwig zeroes the head's bias whatever bias_initializer says (the hidden layers use it).
    bias_initializer: 'zeros',
  },
});
