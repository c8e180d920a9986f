import { describe, expect, it } from 'vitest';
import { resolveConfig } from './resolve.js';
import { catchOvertureError } from './test/helpers.js';
import { CONFIG_VERSION } from './version.js';

const minimal = {
  input_features: [
    { name: 'age', type: 'number' },
    { name: 'smoker', type: 'binary' },
    { name: 'city', type: 'category' },
    { name: 'tags', type: 'set' },
    { name: 'words', type: 'bag' },
    { name: 'when', type: 'date' },
    { name: 'emb', type: 'vector' },
  ],
  output_features: [{ name: 'churn', type: 'binary' }],
};

describe('defaults filled as in Ludwig', () => {
  const { config } = resolveConfig(minimal);
  const input = (name: string) => config.input_features.find((f) => f.name === name)!;

  it('fills column from name, tied null and stamps the config version', () => {
    expect(input('age').column).toBe('age');
    expect(input('age').tied).toBeNull();
    expect(config.overture_version).toBe(CONFIG_VERSION);
    expect(config.model_type).toBe('ecd');
  });

  it('gives each input type its default encoder and parameters', () => {
    expect(input('age').encoder).toEqual({ type: 'passthrough' });
    expect(input('smoker').encoder).toEqual({ type: 'passthrough' });
    expect(input('emb').encoder).toEqual({
      type: 'dense', output_size: 256, num_layers: 1, fc_layers: null, dropout: 0, activation: 'relu', norm: null,
      norm_params: null, use_bias: true, weights_initializer: 'xavier_uniform', bias_initializer: 'zeros',
    });
    expect(input('city').encoder).toMatchObject({
      type: 'dense', embedding_size: 50, embeddings_trainable: true, pretrained_embeddings: null, dropout: 0, embedding_initializer: null,
    });
    expect(input('tags').encoder).toMatchObject({
      type: 'embed', embedding_size: 50, representation: 'dense', embeddings_trainable: true, output_size: 10, num_fc_layers: 0,
      fc_layers: null, dropout: 0, activation: 'relu', norm: null,
    });
    expect(input('words').encoder).toMatchObject({ type: 'embed', embedding_size: 50, output_size: 10, force_embedding_size: false });
    expect(input('when').encoder).toMatchObject({ type: 'embed', embedding_size: 10, output_size: 10, num_fc_layers: 0 });
  });

  it('fills per-type preprocessing', () => {
    expect(input('age').preprocessing).toEqual({
      missing_value_strategy: 'fill_with_const', fill_value: 0, normalization: 'zscore', outlier_strategy: null, outlier_threshold: 3,
    });
    expect(input('smoker').preprocessing).toEqual({ missing_value_strategy: 'fill_with_false', fill_value: null, fallback_true_label: null });
    expect(input('city').preprocessing).toMatchObject({ missing_value_strategy: 'fill_with_const', fill_value: '<UNK>', lowercase: false, most_common: 10000 });
    expect(input('tags').preprocessing).toEqual({ tokenizer: 'space', missing_value_strategy: 'fill_with_const', fill_value: '<UNK>', lowercase: false, most_common: 10000 });
    expect(input('when').preprocessing).toEqual({ missing_value_strategy: 'fill_with_const', fill_value: '', datetime_format: null });
    expect(input('emb').preprocessing).toEqual({ vector_size: null, missing_value_strategy: 'fill_with_const', fill_value: '' });
  });

  it('fills the binary output: regressor, weighted cross entropy, threshold, drop_row', () => {
    const out = config.output_features[0];
    expect(out).toMatchObject({
      name: 'churn', column: 'churn', dependencies: [], reduce_input: 'sum', reduce_dependencies: 'sum',
      default_validation_metric: 'roc_auc', threshold: 0.5, calibration: false,
      loss: { type: 'binary_weighted_cross_entropy', weight: 1, positive_class_weight: null, robust_lambda: 0, confidence_penalty: 0 },
      preprocessing: { missing_value_strategy: 'drop_row' },
    });
    expect(out.decoder).toMatchObject({
      type: 'regressor', num_fc_layers: 0, fc_output_size: 256, fc_activation: 'relu', fc_dropout: 0, fc_norm: null, fc_layers: null,
      use_bias: true, weights_initializer: 'xavier_uniform', bias_initializer: 'zeros',
    });
  });

  it('fills the other output types', () => {
    const { config: c } = resolveConfig({
      input_features: [{ name: 'x', type: 'number' }],
      output_features: [
        { name: 'n', type: 'number' },
        { name: 'c', type: 'category' },
        { name: 's', type: 'set' },
        { name: 'v', type: 'vector' },
      ],
    });
    const [n, cat, s, v] = c.output_features;
    expect(n).toMatchObject({ clip: null, loss: { type: 'mean_squared_error', weight: 1 }, default_validation_metric: 'mean_squared_error' });
    expect(n.preprocessing).toMatchObject({ missing_value_strategy: 'drop_row', normalization: null });
    expect(cat).toMatchObject({
      top_k: 3, calibration: false, default_validation_metric: 'accuracy', decoder: { type: 'classifier' },
      loss: {
        type: 'softmax_cross_entropy', class_weights: null, robust_lambda: 0, confidence_penalty: 0, class_similarities: null,
        class_similarities_temperature: 0, label_smoothing: 0, weight: 1,
      },
    });
    expect(s).toMatchObject({ threshold: 0.5, default_validation_metric: 'jaccard', loss: { type: 'sigmoid_cross_entropy', class_weights: null, weight: 1 } });
    expect(v).toMatchObject({
      vector_size: null, softmax: false, default_validation_metric: 'mean_squared_error', loss: { type: 'mean_squared_error' },
      decoder: { type: 'projector', output_size: null, activation: null, multiplier: 1, clip: null },
    });
    // Several outputs: Ludwig validates on the combined loss.
    expect(c.trainer.validation_field).toBe('combined');
    expect(c.trainer.validation_metric).toBe('loss');
  });

  it('fills combiner, trainer, optimizer, scheduler and split', () => {
    expect(config.combiner).toEqual({
      type: 'concat', output_size: 256, num_fc_layers: 0, fc_layers: null, dropout: 0, activation: 'relu', norm: null, norm_params: null,
      residual: false, flatten_inputs: false, use_bias: true, weights_initializer: 'xavier_uniform', bias_initializer: 'zeros',
    });
    expect(config.trainer).toMatchObject({
      type: 'trainer', epochs: 100, train_steps: null, batch_size: 'auto', eval_batch_size: null, gradient_accumulation_steps: 'auto', learning_rate: 0.001,
      regularization_type: 'l2', regularization_lambda: 0, early_stop: 5, evaluate_training_set: false, checkpoints_per_epoch: 0,
      steps_per_checkpoint: 0, should_shuffle: true, bucketing_field: null, use_mixed_precision: false,
      optimizer: { type: 'adam', betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false },
      gradient_clipping: { clipglobalnorm: 0.5, clipnorm: null, clipvalue: null },
      validation_field: 'churn', validation_metric: 'roc_auc',
    });
    expect(config.trainer.learning_rate_scheduler).toEqual({
      decay: null, decay_rate: 0.96, decay_steps: 10000, staircase: false, warmup_fraction: 0, warmup_evaluations: 0,
      reduce_on_plateau: 0, reduce_on_plateau_patience: 10, reduce_on_plateau_rate: 0.1, reduce_eval_metric: 'loss',
      reduce_eval_split: 'training', t_0: null, t_mult: 1, eta_min: 0,
    });
    expect(config.preprocessing).toEqual({
      sample_ratio: 1, sample_size: null, oversample_minority: null, undersample_majority: null,
      split: { type: 'random', probabilities: [0.7, 0.1, 0.2] }, global_max_sequence_length: null,
    });
    expect(config.hyperopt).toBeNull();
  });

  it('fills the parameters of the chosen optimizer', () => {
    const opt = (optimizer: object) => resolveConfig({ ...minimal, trainer: { optimizer } }).config.trainer.optimizer;
    expect(opt({ type: 'sgd' })).toEqual({ type: 'sgd', momentum: 0, weight_decay: 0, dampening: 0, nesterov: false });
    expect(opt({ type: 'adamw' })).toEqual({ type: 'adamw', betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false });
    expect(opt({ type: 'rmsprop' })).toEqual({ type: 'rmsprop', momentum: 0, alpha: 0.99, eps: 1e-8, centered: false, weight_decay: 0 });
    expect(opt({ type: 'adagrad' })).toEqual({ type: 'adagrad', initial_accumulator_value: 0, lr_decay: 0, weight_decay: 0, eps: 1e-10 });
    // Ludwig lets `type` be omitted: it means adam.
    expect(opt({ eps: 1e-6 })).toMatchObject({ type: 'adam', eps: 1e-6 });
  });

  it('fills the parameters of a non-default encoder and split', () => {
    const { config: c } = resolveConfig({
      input_features: [{ name: 'd', type: 'date', encoder: { type: 'wave' } }, { name: 'x', type: 'number', encoder: { type: 'dense', output_size: 8 } }],
      output_features: [{ name: 'y', type: 'number', loss: { type: 'huber' } }],
      preprocessing: { split: { type: 'stratify', column: 'y' } },
    });
    expect(c.input_features[0].encoder).toMatchObject({ type: 'wave', output_size: 10, num_fc_layers: 1 });
    expect(c.input_features[1].encoder).toMatchObject({ type: 'dense', output_size: 8, num_layers: 1 });
    expect(c.output_features[0].loss).toEqual({ type: 'huber', weight: 1, delta: 1 });
    expect(c.preprocessing.split).toEqual({ type: 'stratify', column: 'y', probabilities: [0.7, 0.1, 0.2] });
  });
});

describe('Ludwig compatibility', () => {
  it('accepts ludwig_version, backend, preset and model_type: ecd with warnings', () => {
    const { warnings } = resolveConfig({ ...minimal, ludwig_version: '0.10.4', backend: { type: 'local' }, preset: 'medium_quality', model_type: 'ecd' });
    expect(warnings.map((w) => w.path).sort()).toEqual(['backend', 'ludwig_version', 'model_type', 'preset']);
  });

  it.each(['gbm', 'llm'])('refuses model_type %s as unsupported, even with its own keys', (modelType) => {
    const error = catchOvertureError(() => resolveConfig({ ...minimal, model_type: modelType, base_model: 'x', trainer: { num_boost_round: 3 } }));
    expect(error.code).toBe('unsupported');
    expect(error.details).toEqual([{ path: 'model_type', message: `model_type: ${modelType} is not supported yet; only ecd models can be trained` }]);
  });

  it('accepts text, image, … features by name with Ludwig encoder names, then refuses them as unsupported', () => {
    const error = catchOvertureError(() =>
      resolveConfig({
        input_features: [
          { name: 'review', type: 'text', encoder: { type: 'bert', trainable: true }, preprocessing: { tokenizer: 'space_punct' } },
          { name: 'photo', type: 'image', encoder: { type: 'swin_transformer', model_variant: 't' }, augmentation: [{ type: 'random_horizontal_flip' }, { type: 'auto_augmentation' }] },
          { name: 'scan', type: 'audio', encoder: { type: 'whisper' } },
          { name: 'x', type: 'number' },
        ],
        output_features: [{ name: 'y', type: 'binary' }],
      }),
    );
    expect(error.code).toBe('unsupported');
    expect(error.details.map((d) => d.message)).toEqual([
      "trainable: true (fine-tuning the pretrained transformer) is a Ludwig bert option that Overture does not support yet; leave it false to use the frozen encoder's embeddings",
      "'auto_augmentation' is a Ludwig image augmentation that Overture does not support yet",
      "'swin_transformer' is a Ludwig image encoder that Overture does not support yet (feature 'photo'); use one of stacked_cnn, mlp_mixer, resnet, vit, unet",
      "'whisper' is a Ludwig audio encoder that Overture does not support yet (feature 'scan'); use one of parallel_cnn, stacked_cnn, stacked_parallel_cnn, rnn, cnnrnn",
    ]);
  });

  it('refuses Ludwig combiners other than concat as unsupported', () => {
    const error = catchOvertureError(() => resolveConfig({ ...minimal, combiner: { type: 'tabpfn_v2', size: 32 } }));
    expect(error.code).toBe('unsupported');
    expect(error.details[0]).toEqual({ path: 'combiner.type', message: "'tabpfn_v2' is a Ludwig combiner that Overture does not support yet; use concat" });
  });

  it('resolves a hyperopt section with its defaults filled (the details are in hyperopt/hyperopt.test.ts)', () => {
    const hyperopt = { goal: 'maximize', metric: 'roc_auc', output_feature: minimal.output_features[0].name, parameters: { 'trainer.learning_rate': { space: 'loguniform', lower: 1e-4, upper: 1e-1 } }, executor: { num_samples: 4 } };
    expect(resolveConfig({ ...minimal, hyperopt }).config.hyperopt).toMatchObject({ ...hyperopt, split: 'validation', parameters: { 'trainer.learning_rate': { base: 10 } } });
  });

  it('upgrades the legacy training section and numerical type', () => {
    const { config, warnings } = resolveConfig({
      input_features: [{ name: 'x', type: 'numerical' }],
      output_features: [{ name: 'y', type: 'binary' }],
      training: { epochs: 7 },
    });
    expect(config.input_features[0].type).toBe('number');
    expect(config.trainer.epochs).toBe(7);
    expect(warnings).toHaveLength(2);
  });

  it('refuses a config written by a newer major config version', () => {
    const error = catchOvertureError(() => resolveConfig({ ...minimal, overture_version: '9.0' }));
    expect(error.code).toBe('invalid_config');
    expect(error.details[0].path).toBe('overture_version');
  });
});
