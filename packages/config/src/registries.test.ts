import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  decodersByFeatureType, defaultDecoder, trainableInputTypes, defaultEncoder, encodersByFeatureType, lossesByFeatureType,
  type CombinerType, type DecoderType, type EncoderConfigFor, type EncoderTypeFor, type InputFeatureConfig, type LossType,
  type OptimizerType, type ResolvedConfig,
} from './index.js';

describe('registries the trainer builds against', () => {
  it('lists valid encoders per input type, default first', () => {
    expect(encodersByFeatureType).toEqual({
      binary: ['passthrough', 'dense'],
      number: ['passthrough', 'dense', 'ple', 'bins', 'periodic'],
      vector: ['dense', 'passthrough'],
      category: ['dense', 'sparse', 'onehot', 'passthrough', 'hash', 'target'],
      set: ['embed'],
      bag: ['embed'],
      date: ['embed', 'wave'],
      text: [
        'parallel_cnn', 'embed', 'stacked_cnn', 'stacked_parallel_cnn', 'tf_idf', 'transformer', 'rnn', 'cnnrnn', 'auto_transformer', 'bert', 'albert',
        'roberta', 'xlmroberta', 'distilbert', 'deberta', 'electra', 'camembert', 'gpt', 'gpt2', 't5', 'xlnet', 'longformer', 'modernbert',
      ],
      sequence: ['embed', 'parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer'],
      image: ['stacked_cnn', 'mlp_mixer', 'resnet', 'vit', 'unet'],
      timeseries: ['parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer', 'passthrough', 'dense', 'nbeats', 'patchtst'],
      audio: ['parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn'],
    });
    for (const [type, names] of Object.entries(encodersByFeatureType)) expect(defaultEncoder(type as never)).toBe(names[0]);
    expect(defaultEncoder('text')).toBe('parallel_cnn');
    expect(defaultEncoder('sequence')).toBe('embed');
    expect(defaultDecoder('vector')).toBe('projector');
    expect(decodersByFeatureType.category).toEqual(['classifier', 'mlp_classifier']);
    expect(lossesByFeatureType.number[0]).toBe('mean_squared_error');
  });

  it('types are narrow enough for satisfies-checked registries', () => {
    expectTypeOf<EncoderTypeFor<'category'>>().toEqualTypeOf<'dense' | 'sparse' | 'onehot' | 'passthrough' | 'hash' | 'target'>();
    expectTypeOf<EncoderConfigFor<'number', 'dense'>['output_size']>().toEqualTypeOf<number>();
    expectTypeOf<DecoderType>().toEqualTypeOf<'regressor' | 'classifier' | 'projector' | 'mlp_classifier' | 'anomaly' | 'tagger' | 'generator' | 'unet'>();
    expectTypeOf<CombinerType>().toEqualTypeOf<'concat' | 'transformer' | 'ft_transformer' | 'tabtransformer' | 'tabnet' | 'comparator' | 'project_aggregate' | 'hypernetwork' | 'gated_fusion' | 'cross_attention' | 'perceiver' | 'sequence_concat'>();
    expectTypeOf<OptimizerType>().toEqualTypeOf<'adam' | 'adamw' | 'sgd' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adamax' | 'nadam' | 'radam' | 'adafactor' | 'schedule_free_adamw' | 'muon' | 'lbfgs'>();
    expectTypeOf<LossType>().toExtend<string>();
    expectTypeOf<ResolvedConfig['input_features'][number]['type']>().toEqualTypeOf<InputFeatureConfig['type']>();
    expectTypeOf<ResolvedConfig['trainer']['validation_metric']>().toEqualTypeOf<string>();
    // A per-type encoder registry, checked by the compiler like the trainer's.
    const registry = {
      number: { passthrough: 1, dense: 2, ple: 3, bins: 4, periodic: 5 },
      binary: { passthrough: 1, dense: 2 },
      vector: { dense: 1, passthrough: 2 },
      category: { dense: 1, sparse: 2, onehot: 3, passthrough: 4, hash: 5, target: 6 },
      set: { embed: 1 },
      bag: { embed: 1 },
      date: { embed: 1, wave: 2 },
      text: { parallel_cnn: 1, embed: 2, stacked_cnn: 3, stacked_parallel_cnn: 4, tf_idf: 5, transformer: 6, rnn: 7, cnnrnn: 8,
        auto_transformer: 9, bert: 10, albert: 11, roberta: 12, xlmroberta: 13, distilbert: 14, deberta: 15, electra: 16,
        camembert: 17, gpt: 18, gpt2: 19, t5: 20, xlnet: 21, longformer: 22, modernbert: 23,
      },
      sequence: { embed: 1, parallel_cnn: 2, stacked_cnn: 3, stacked_parallel_cnn: 4, rnn: 5, cnnrnn: 6, transformer: 7 },
      image: { stacked_cnn: 1, mlp_mixer: 2, resnet: 3, vit: 4, unet: 5 },
      timeseries: { parallel_cnn: 1, stacked_cnn: 2, stacked_parallel_cnn: 3, rnn: 4, cnnrnn: 5, transformer: 6, passthrough: 7, dense: 8, nbeats: 9, patchtst: 10 },
      audio: { parallel_cnn: 1, stacked_cnn: 2, stacked_parallel_cnn: 3, rnn: 4, cnnrnn: 5 },
    } satisfies { [T in keyof typeof encodersByFeatureType]: Record<EncoderTypeFor<T>, number> };
    expect(Object.keys(registry)).toHaveLength(trainableInputTypes.length);
  });
});
