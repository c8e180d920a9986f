/**
 * Every name Ludwig's config language knows, per kind, read off Ludwig's registries
 * (`ludwig/schema/**`: `register_encoder_config`, `register_decoder_config`, `register_combiner_config`,
 * `register_loss`, `register_optimizer`, split configs, `lr_scheduler.decay` options). Validation uses
 * it to answer a Ludwig name Overture does not implement with "… is a Ludwig <kind> that Overture
 * does not support yet" rather than "not valid" (which would tell the user they made a typo).
 */
export const ludwigFeatureTypes = [
  'binary', 'number', 'category', 'set', 'bag', 'date', 'vector', 'text', 'sequence', 'image', 'audio', 'timeseries', 'h3', 'anomaly', 'category_distribution',
] as const;

const sequenceEncoders = ['embed', 'parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer', 'mamba', 'mamba2', 'jamba'];

export const ludwigEncoders: Record<string, readonly string[]> = {
  binary: ['passthrough', 'dense'],
  number: ['passthrough', 'dense', 'bins', 'periodic', 'ple'],
  vector: ['passthrough', 'dense'],
  category: ['dense', 'sparse', 'onehot', 'passthrough', 'hash', 'target'],
  set: ['embed'],
  bag: ['embed'],
  date: ['embed', 'wave'],
  h3: ['embed', 'weighted_sum', 'rnn'],
  text: [
    ...sequenceEncoders, 'tf_idf', 'llm', 'auto_transformer', 'albert', 'bert', 'camembert', 'deberta', 'distilbert',
    'electra', 'gpt', 'gpt2', 'longformer', 'modernbert', 'mt5', 'roberta', 't5', 'xlm', 'xlmroberta', 'xlnet',
  ],
  sequence: [...sequenceEncoders, 'passthrough'],
  audio: ['parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'mamba', 'mamba2', 'jamba', 'wav2vec2', 'hubert', 'whisper'],
  timeseries: [
    'parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer', 'mamba', 'mamba2', 'jamba',
    'passthrough', 'dense', 'nbeats', 'patchtst',
  ],
  image: [
    'stacked_cnn', 'unet', 'mlp_mixer', 'alexnet', 'caformer', 'clip', 'convformer', 'convnext', 'convnextv2', 'densenet',
    'dinov2', 'efficientnet', 'googlenet', 'inceptionv3', 'maxvit', 'mnasnet', 'mobilenetv2', 'mobilenetv3', 'poolformer',
    'regnet', 'resnet', 'resnext', 'shufflenet_v2', 'siglip', 'squeezenet', 'swin_transformer', 'timm', 'vgg', 'vit', 'wide_resnet',
  ],
};

export const ludwigDecoders: Record<string, readonly string[]> = {
  binary: ['regressor', 'mlp_classifier'],
  number: ['regressor'],
  category: ['classifier', 'mlp_classifier'],
  set: ['classifier'],
  vector: ['projector'],
  timeseries: ['projector'],
  text: ['generator', 'tagger', 'transformer_generator'],
  sequence: ['generator', 'tagger', 'transformer_generator'],
  image: ['unet', 'segformer', 'fpn'],
  anomaly: ['anomaly'],
  // Ludwig's schema gives category_distribution the category decoders and losses (feature_type=CATEGORY).
  category_distribution: ['classifier', 'mlp_classifier'],
};

export const ludwigLosses: Record<string, readonly string[]> = {
  binary: ['binary_weighted_cross_entropy', 'entropic_open_set', 'objectosphere', 'focal'],
  number: ['mean_squared_error', 'mean_absolute_error', 'mean_absolute_percentage_error', 'root_mean_squared_error', 'root_mean_squared_percentage_error', 'huber'],
  category: ['softmax_cross_entropy', 'corn', 'entropic_open_set', 'objectosphere', 'focal', 'poly', 'sparsemax', 'entmax15'],
  set: ['sigmoid_cross_entropy'],
  vector: ['mean_squared_error', 'mean_absolute_error', 'huber', 'softmax_cross_entropy', 'nt_xent'],
  timeseries: ['mean_squared_error', 'mean_absolute_error', 'huber'],
  text: ['sequence_softmax_cross_entropy', 'next_token_softmax_cross_entropy', 'poly', 'sparsemax', 'entmax15'],
  sequence: ['sequence_softmax_cross_entropy', 'next_token_softmax_cross_entropy', 'poly', 'sparsemax', 'entmax15'],
  image: ['softmax_cross_entropy', 'focal', 'dice', 'lovasz_softmax'],
  anomaly: ['deep_svdd', 'deep_sad', 'drocc'],
  category_distribution: ['softmax_cross_entropy', 'corn', 'entropic_open_set', 'objectosphere', 'focal', 'poly', 'sparsemax', 'entmax15'],
};

export const ludwigCombiners = [
  'concat', 'sequence_concat', 'sequence', 'tabnet', 'transformer', 'tabtransformer', 'comparator', 'project_aggregate',
  'ft_transformer', 'cross_attention', 'gated_fusion', 'perceiver', 'hypernetwork', 'tabpfn_v2',
] as const;

export const ludwigOptimizers = [
  'sgd', 'adam', 'adamw', 'adadelta', 'adagrad', 'adamax', 'nadam', 'rmsprop', 'lbfgs', 'lamb', 'lars', 'lion', 'radam',
  'adafactor', 'schedule_free_adamw', 'muon', 'soap', 'adam_8bit', 'adamw_8bit', 'adagrad_8bit', 'lamb_8bit', 'lars_8bit',
  'lion_8bit', 'paged_adam', 'paged_adam_8bit', 'paged_adamw', 'paged_adamw_8bit', 'paged_lion', 'paged_lion_8bit',
] as const;

/** `schema/features/augmentation/image.py` (`register_augmentation_config(features=IMAGE)`). */
export const ludwigImageAugmentations = [
  'auto_augmentation', 'random_horizontal_flip', 'random_vertical_flip', 'random_rotate', 'random_blur', 'random_brightness', 'random_contrast',
] as const;

export const ludwigSplitTypes = ['random', 'fixed', 'stratify', 'datetime', 'hash'] as const;
export const ludwigLearningRateDecays = ['linear', 'exponential', 'cosine', 'one_cycle', 'inverse_sqrt', 'polynomial', 'wsd'] as const;
/** `ludwig/schema/hyperopt/search_algorithm.py` and `scheduler.py` registries (Ray Tune's names). */
export const ludwigSearchAlgorithms = [
  'variant_generator', 'random', 'ax', 'bayesopt', 'blendsearch', 'bohb', 'cfo', 'dragonfly', 'hebo', 'hyperopt', 'nevergrad', 'optuna', 'skopt', 'zoopt',
] as const;
export const ludwigSchedulers = [
  'fifo', 'async_hyperband', 'asha', 'asynchyperband', 'hyperband', 'median_stopping_rule', 'medianstoppingrule', 'pbt', 'pbt_replay', 'pb2', 'hb_bohb', 'resource_changing',
] as const;

/** Keys of Ludwig's sections whose unknown keys are answered by name (`schema/trainer.py` ECDTrainerConfig, `schema/lr_scheduler.py`). */
export const ludwigSectionKeys: Record<string, { kind: LudwigKind; keys: readonly string[] }> = {
  trainer: {
    kind: 'trainer parameter',
    keys: [
      'validation_field', 'validation_metric', 'early_stop', 'skip_all_evaluation', 'enable_profiling', 'profiler', 'learning_rate',
      'learning_rate_scheduler', 'epochs', 'checkpoints_per_epoch', 'train_steps', 'eval_steps', 'steps_per_checkpoint',
      'effective_batch_size', 'batch_size', 'max_batch_size', 'gradient_accumulation_steps', 'eval_batch_size', 'evaluate_training_set',
      'optimizer', 'regularization_type', 'regularization_lambda', 'should_shuffle', 'increase_batch_size_on_plateau',
      'increase_batch_size_on_plateau_patience', 'increase_batch_size_on_plateau_rate', 'increase_batch_size_eval_metric',
      'increase_batch_size_eval_split', 'gradient_clipping', 'learning_rate_scaling', 'bucketing_field', 'use_mixed_precision', 'compile',
      'enable_gradient_checkpointing', 'layers_to_freeze_regex', 'loss_balancing', 'loss_balancing_alpha', 'loss_balancing_lr',
      'loss_balancing_preference_vector', 'loss_balancing_tchebycheff_weight', 'contrastive_pretrain_epochs',
      'contrastive_pretrain_temperature', 'contrastive_pretrain_projection_dim', 'contrastive_pretrain_learnable_temperature',
      'modality_dropout', 'model_soup', 'model_soup_top_k',
    ],
  },
  'trainer.learning_rate_scheduler': {
    kind: 'learning rate scheduler parameter',
    keys: [
      'decay', 'decay_rate', 'decay_steps', 'staircase', 'reduce_on_plateau', 'reduce_on_plateau_patience', 'reduce_on_plateau_rate',
      'warmup_evaluations', 'warmup_fraction', 'reduce_eval_metric', 'reduce_eval_split', 't_0', 't_mult', 'eta_min', 'max_lr',
      'pct_start', 'div_factor', 'final_div_factor', 'inverse_sqrt_warmup_steps', 'polynomial_power', 'polynomial_end_lr',
      'wsd_warmup_fraction', 'wsd_stable_fraction', 'wsd_decay_fraction',
    ],
  },
};

export type LudwigKind = 'trainer parameter' | 'learning rate scheduler parameter' | 'input feature type' | 'output feature type' | 'encoder' | 'decoder' | 'loss' | 'combiner' | 'optimizer' | 'split type' | 'learning rate decay' | 'search algorithm' | 'scheduler' | 'image augmentation';

/**
 * Whether `name` is a Ludwig name of `kind` (for encoders, decoders and losses: of that feature
 * type, or of any type when the feature type is unknown).
 */
export function isLudwigName(kind: LudwigKind, name: string, featureType?: string): boolean {
  const perType = (table: Record<string, readonly string[]>) =>
    featureType !== undefined && table[featureType] ? table[featureType].includes(name) : Object.values(table).some((names) => names.includes(name));
  switch (kind) {
    case 'input feature type':
    case 'output feature type':
      return (ludwigFeatureTypes as readonly string[]).includes(name);
    case 'encoder':
      return perType(ludwigEncoders);
    case 'decoder':
      return perType(ludwigDecoders);
    case 'loss':
      return perType(ludwigLosses);
    case 'combiner':
      return (ludwigCombiners as readonly string[]).includes(name);
    case 'optimizer':
      return (ludwigOptimizers as readonly string[]).includes(name);
    case 'split type':
      return (ludwigSplitTypes as readonly string[]).includes(name);
    case 'learning rate decay':
      return (ludwigLearningRateDecays as readonly string[]).includes(name);
    case 'search algorithm':
      return (ludwigSearchAlgorithms as readonly string[]).includes(name);
    case 'scheduler':
      return (ludwigSchedulers as readonly string[]).includes(name);
    case 'image augmentation':
      return (ludwigImageAugmentations as readonly string[]).includes(name);
    case 'trainer parameter':
      return ludwigSectionKeys.trainer.keys.includes(name);
    case 'learning rate scheduler parameter':
      return ludwigSectionKeys['trainer.learning_rate_scheduler'].keys.includes(name);
  }
}

/** The answer for a Ludwig name Overture does not implement. */
export function notSupportedYet(name: string, kind: LudwigKind, context = ''): string {
  return `'${name}' is a Ludwig ${kind}${context} that Overture does not support yet`;
}
