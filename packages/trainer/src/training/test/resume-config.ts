import { resolveConfig, type ResolvedConfig } from '@overture/config';

/** A small multi-output config with dropout and batch norm, so resuming must restore RNG and running statistics. */
export function resumeConfig(): ResolvedConfig {
  return resolveConfig({
    input_features: [
      { name: 'x1', type: 'number' },
      { name: 'x2', type: 'number' },
      { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } },
      { name: 'day', type: 'date' },
    ],
    output_features: [
      { name: 'label', type: 'binary' },
      { name: 'kind', type: 'category', dependencies: ['label'] },
    ],
    combiner: { type: 'concat', num_fc_layers: 2, output_size: 16, dropout: 0.2, norm: 'batch' },
    trainer: { epochs: 4, batch_size: 32, learning_rate: 0.01, steps_per_checkpoint: 5, early_stop: -1 },
  }).config;
}
