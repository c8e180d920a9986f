/**
 * Every name Ludwig's config language knows, per kind, read off Ludwig's registries
 * (`ludwig/schema/**`: `register_encoder_config`, `register_decoder_config`, `register_combiner_config`,
 * `register_loss`, `register_optimizer`, split configs, `lr_scheduler.decay` options). Validation uses
 * it to answer a Ludwig name Overture does not implement with "… is a Ludwig <kind> that Overture
 * does not support yet" rather than "not valid" (which would tell the user they made a typo).
 */
export const ludwigFeatureTypes = [
  'binary', 'number', 'category', 'set', 'bag', 'date', 'vector', 'text', 'sequence', 'image', 'audio', 'timeseries', 'h3', 'anomaly',
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

export const ludwigSplitTypes = ['random', 'fixed', 'stratify', 'datetime', 'hash'] as const;
export const ludwigLearningRateDecays = ['linear', 'exponential', 'cosine', 'one_cycle', 'inverse_sqrt', 'polynomial', 'wsd'] as const;

export type LudwigKind = 'input feature type' | 'output feature type' | 'encoder' | 'decoder' | 'loss' | 'combiner' | 'optimizer' | 'split type' | 'learning rate decay';

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
  }
}

/** The answer for a Ludwig name Overture does not implement. */
export function notSupportedYet(name: string, kind: LudwigKind, context = ''): string {
  return `'${name}' is a Ludwig ${kind}${context} that Overture does not support yet`;
}
