import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfigText, upgradeConfigText } from './parse-text.js';
import { catchOvertureError } from './test/helpers.js';

/**
 * The corpus of Ludwig configs the project keeps (`test/ludwig-corpus`, written in Ludwig's documented
 * forms from 0.4 to today): each is upgraded and validated, and the exact warnings ([written path,
 * line, message]), the upgraded config and the validation outcome ([path, line, column, message]) are
 * asserted. A corpus file without an entry here fails the suite.
 */
type Row = [path: string, line: number, message: string];
type Problem = [path: string, line: number, column: number, message: string];
interface Expected {
  warnings?: Row[];
  upgraded?: unknown;
  upgradeConflicts?: Row[];
  validation: 'valid' | { code: 'invalid_config' | 'unsupported'; problems: Problem[] };
}

const expected: Record<string, Expected> = {
  "adult-census-0.5.yaml": {
    warnings: [
      ["output_features[0].weight_regularization", 20, "weight_regularization was removed from Ludwig (regularize through trainer.regularization_type and regularization_lambda); dropped."],
      ["output_features[0]", 18, "decoder parameters written on the feature (num_fc_layers, output_size) now go under `decoder:`; moved to output_features[0].decoder."],
      ["trainer.eval_batch_size", 30, "trainer.eval_batch_size: 0 is the legacy spelling of null (use batch_size); upgraded."],
      ["trainer.increase_batch_size_on_plateau_max", 33, "trainer.increase_batch_size_on_plateau_max is now trainer.max_batch_size; upgraded."],
      ["trainer.shuffle_buffer_size", 32, "trainer.shuffle_buffer_size was removed from Ludwig (the whole training set is shuffled each epoch); dropped."],
      ["trainer.reduce_learning_rate_on_plateau", 34, "trainer.reduce_learning_rate_on_plateau is now trainer.learning_rate_scheduler.reduce_on_plateau; moved."],
      ["trainer.reduce_learning_rate_on_plateau_patience", 35, "trainer.reduce_learning_rate_on_plateau_patience is now trainer.learning_rate_scheduler.reduce_on_plateau_patience; moved."],
      ["trainer.learning_rate_warmup_epochs", 36, "trainer.learning_rate_warmup_epochs is now trainer.learning_rate_scheduler.warmup_evaluations; moved."],
      ["combiner.fc_size", 26, "combiner.fc_size is now combiner.output_size; upgraded."],
    ],
    upgraded: {"input_features":[{"name":"age","type":"number"},{"name":"workclass","type":"category"},{"name":"fnlwgt","type":"number"},{"name":"education","type":"category"},{"name":"education-num","type":"number"},{"name":"marital-status","type":"category"},{"name":"occupation","type":"category"},{"name":"relationship","type":"category"},{"name":"race","type":"category"},{"name":"sex","type":"category"},{"name":"capital-gain","type":"number"},{"name":"capital-loss","type":"number"},{"name":"hours-per-week","type":"number"},{"name":"native-country","type":"category"}],"output_features":[{"name":"income","type":"binary","decoder":{"num_fc_layers":4,"fc_output_size":32}}],"combiner":{"type":"concat","num_fc_layers":3,"dropout":0.1,"output_size":128},"trainer":{"batch_size":256,"eval_batch_size":null,"learning_rate":0.001,"max_batch_size":1024,"learning_rate_scheduler":{"reduce_on_plateau":2,"reduce_on_plateau_patience":5,"warmup_evaluations":1}}},
    validation: 'valid',
  },
  "audio-sequence-0.4.yaml": {
    warnings: [
      ["preprocessing.audio.audio_feature", 29, "the parameters under preprocessing.audio.audio_feature now sit directly in preprocessing.audio; moved."],
      ["preprocessing.audio", 28, "preprocessing.audio is the legacy form of defaults.audio.preprocessing; moved."],
      ["preprocessing.text.char_most_common", 33, "preprocessing.text.char_most_common is now preprocessing.text.most_common; upgraded."],
      ["preprocessing.text", 32, "preprocessing.text is the legacy form of defaults.text.preprocessing; moved."],
      ["input_features[0].preprocessing.audio_feature", 8, "the parameters under input_features[0].preprocessing.audio_feature now sit directly in input_features[0].preprocessing; moved."],
      ["input_features[0].preprocessing.missing_value_strategy", 7, "missing_value_strategy 'backfill' is now 'bfill' (the same strategy); upgraded."],
      ["input_features[1].bias", 14, "bias is now use_bias; upgraded."],
      ["input_features[1]", 12, "encoder parameters written on the feature (use_bias) now go under `encoder:`; moved to input_features[1].encoder."],
      ["input_features[1].preprocessing.word_sequence_length_limit", 17, "input_features[1].preprocessing.word_sequence_length_limit is now input_features[1].preprocessing.max_sequence_length; upgraded."],
      ["input_features[1].preprocessing.word_tokenizer", 16, "input_features[1].preprocessing.word_tokenizer is now input_features[1].preprocessing.tokenizer; upgraded."],
      ["input_features[1].preprocessing.missing_value_strategy", 18, "missing_value_strategy 'pad' is now 'ffill' (the same strategy); upgraded."],
      ["output_features[0].decoder", 22, "`decoder: classifier` is the legacy form of `decoder: {type: classifier}`; upgraded."],
      ["output_features[0]", 20, "decoder parameters written on the feature (use_bias) now go under `decoder:`; moved to output_features[0].decoder."],
      ["output_features[0].loss.class_weights", 26, "class_weights 1 is the legacy spelling of no class weights (null); upgraded."],
      ["defaults.category.preprocessing.missing_value_strategy", 38, "missing_value_strategy 'backfill' is now 'bfill' (the same strategy); upgraded."],
      ["defaults.category.type", 36, "defaults.category.type is a leftover of Ludwig 0.7.3 and means nothing; removed."],
    ],
    upgraded: {"input_features":[{"name":"recording","type":"audio","preprocessing":{"audio_file_length_limit_in_s":7.5,"missing_value_strategy":"bfill","type":"fbank","window_length_in_s":0.04,"num_filter_bands":80}},{"name":"transcript","type":"text","preprocessing":{"missing_value_strategy":"ffill","max_sequence_length":128,"tokenizer":"space"},"encoder":{"use_bias":false}}],"output_features":[{"name":"speaker","type":"category","decoder":{"type":"classifier","fc_use_bias":false,"use_bias":false},"loss":{"type":"softmax_cross_entropy","class_weights":null}}],"defaults":{"category":{"preprocessing":{"missing_value_strategy":"bfill"}},"audio":{"preprocessing":{"type":"fbank","num_filter_bands":40}},"text":{"preprocessing":{"most_common":70}}}},
    validation: 'valid',
  },
  "comparator-entities.yaml": {
    warnings: [],
    upgraded: {"input_features":[{"name":"title_a","type":"category"},{"name":"price_a","type":"number"},{"name":"title_b","type":"category"},{"name":"price_b","type":"number"}],"output_features":[{"name":"same_product","type":"binary"}],"combiner":{"type":"comparator","entity_1":["title_a","price_a"],"entity_2":["title_b","prize_b"],"num_fc_layers":1,"output_size":64}},
    validation: { code: "invalid_config", problems: [
      ["combiner.entity_2[1]", 12, 23, "'prize_b' is not an input feature; entity_2 lists input feature names (did you mean 'price_b'?)"],
    ] },
  },
  "conflict.yaml": {
    upgradeConflicts: [
      ["preprocessing.split_probabilities", 11, "preprocessing.split_probabilities ([0.8,0.1,0.1]) is the legacy spelling of preprocessing.split.probabilities, which is already set to [0.7,0.1,0.2]; remove preprocessing.split_probabilities or make them agree"],
      ["trainer.decay_steps", 7, "trainer.decay_steps (500) is the legacy spelling of trainer.learning_rate_scheduler.decay_steps, which is already set to 1000; remove trainer.decay_steps or make them agree"],
    ],
    validation: { code: "invalid_config", problems: [
      ["preprocessing.split_probabilities", 11, 3, "preprocessing.split_probabilities ([0.8,0.1,0.1]) is the legacy spelling of preprocessing.split.probabilities, which is already set to [0.7,0.1,0.2]; remove preprocessing.split_probabilities or make them agree"],
      ["trainer.decay_steps", 7, 16, "trainer.decay_steps (500) is the legacy spelling of trainer.learning_rate_scheduler.decay_steps, which is already set to 1000; remove trainer.decay_steps or make them agree"],
    ] },
  },
  "encoders-renamed.yaml": {
    warnings: [
      ["hyperopt", 14, "`hyperopt: {}` is the legacy way to turn hyperopt off; write `hyperopt: null` or leave it out. Removed."],
      ["input_features[0].encoder.type", 6, "the image encoder '_resnet_legacy' was removed from Ludwig; it is now 'resnet'; upgraded."],
      ["input_features[1].encoder.type", 10, "the text encoder 'transformer_xl' was removed from Ludwig; it is now 'auto_transformer' (set pretrained_model_name_or_path); upgraded."],
      ["backend.cache_credentials", 17, "`backend.cache_credentials` is now `backend.credentials.cache`; upgraded."],
    ],
    upgraded: {"input_features":[{"name":"photo","type":"image","encoder":{"type":"resnet"}},{"name":"notes","type":"text","encoder":{"type":"auto_transformer"}}],"output_features":[{"name":"label","type":"binary"}],"backend":{"type":"local","credentials":{"cache":{"s3":{"key":"k"}}}}},
    // Ludwig refuses auto_transformer without a model name too (ConfigValidationError).
    validation: { code: "invalid_config", problems: [
      ["input_features[1].encoder.pretrained_model_name_or_path", 9, 5, "pretrained_model_name_or_path must be set for the auto_transformer encoder (the folder name under the models root)"],
      ["input_features[0].encoder.use_pretrained", 5, 5, "pretrained resnet weights (use_pretrained: true, Ludwig's default) are not supported yet (feature 'photo'): they would have to be downloaded from torchvision, which Overture never does; set use_pretrained: false to train the resnet architecture from scratch"],
    ] },
  },
  "hyperopt-0.4.yaml": {
    warnings: [
      ["hyperopt.parameters.training.learning_rate", 14, "the hyperopt parameter 'training.learning_rate' is now 'trainer.learning_rate' (the section training is trainer); upgraded."],
      ["hyperopt.executor.type", 31, "hyperopt.executor.type 'serial' is a legacy executor; Ludwig runs every search with 'ray'; upgraded."],
      ["hyperopt.executor.search_alg", 32, "hyperopt.executor.search_alg is now hyperopt.search_alg; moved."],
      ["hyperopt.sampler.num_samples", 27, "hyperopt.sampler.num_samples is now hyperopt.executor.num_samples; moved."],
      ["hyperopt.sampler.scheduler", 28, "hyperopt.sampler.scheduler is now hyperopt.executor.scheduler; moved."],
      ["hyperopt.sampler", 25, "hyperopt.sampler is the legacy form of hyperopt.search_alg and hyperopt.executor; upgraded."],
      ["hyperopt.parameters.city.embedding_size", 14, "the hyperopt parameter 'city.embedding_size' is now 'city.encoder.embedding_size' (encoder parameters are nested); upgraded."],
    ],
    upgraded: {"input_features":[{"name":"city","type":"category"},{"name":"rooms","type":"number"}],"output_features":[{"name":"price","type":"number"}],"hyperopt":{"goal":"minimize","output_feature":"price","metric":"loss","parameters":{"rooms.preprocessing.normalization":{"space":"choice","categories":["zscore","minmax"]},"trainer.learning_rate":{"space":"loguniform","lower":0.0001,"upper":0.1},"city.encoder.embedding_size":{"space":"choice","categories":[8,16,32]}},"executor":{"type":"ray","num_samples":4,"scheduler":{"type":"fifo"}},"search_alg":{"type":"bohb"}}},
    validation: { code: "unsupported", problems: [
      ["hyperopt.search_alg.type", 32, 5, "'bohb' is a Ludwig search algorithm that Overture does not support yet"],
    ] },
  },
  "mnist-0.6.yaml": {
    warnings: [
      ["preprocessing.image", 19, "preprocessing.image is the legacy form of defaults.image.preprocessing; moved."],
      ["preprocessing.split_probabilities", 23, "`preprocessing.split_probabilities` is now `preprocessing.split.probabilities`; upgraded."],
      ["input_features[0].encoder", 5, "`encoder: stacked_cnn` is the legacy form of `encoder: {type: stacked_cnn}`; upgraded."],
      ["input_features[0].conv_layers[0].num_filters", 7, "num_filters is now out_channels; upgraded."],
      ["input_features[0].conv_layers[0].filter_size", 7, "filter_size is now kernel_size; upgraded."],
      ["input_features[0].conv_layers[0].pool_size", 7, "pool_size is now pool_kernel_size; upgraded."],
      ["input_features[0].conv_layers[1].num_filters", 8, "num_filters is now out_channels; upgraded."],
      ["input_features[0].conv_layers[1].filter_size", 8, "filter_size is now kernel_size; upgraded."],
      ["input_features[0].conv_layers[1].pool_size", 8, "pool_size is now pool_kernel_size; upgraded."],
      ["input_features[0]", 3, "encoder parameters written on the feature (conv_layers, fc_layers) now go under `encoder:`; moved to input_features[0].encoder."],
    ],
    upgraded: {"input_features":[{"name":"image_path","type":"image","encoder":{"type":"stacked_cnn","conv_layers":[{"pool_stride":2,"out_channels":32,"kernel_size":3,"pool_kernel_size":2},{"pool_stride":2,"dropout":0.4,"out_channels":64,"kernel_size":3,"pool_kernel_size":2}],"fc_layers":[{"output_size":128,"dropout":0.4}]},"preprocessing":{"num_processes":4}}],"output_features":[{"name":"label","type":"category"}],"trainer":{"epochs":5},"preprocessing":{"split":{"probabilities":[0.8,0.1,0.1],"type":"random"}},"defaults":{"image":{"preprocessing":{"resize_method":"crop_or_pad","height":28,"width":28}}}},
    validation: 'valid',
  },
  "saved-model-0.10.yaml": {
    warnings: [
      ["input_features[0].proc_column", 7, "proc_column is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
      ["input_features[0].encoder.vocab", 11, "vocab is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
      ["input_features[0].encoder.vocab_size", 12, "vocab_size is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
      ["output_features[0].num_classes", 17, "num_classes is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
      ["output_features[0].input_size", 18, "input_size is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
      ["output_features[0].proc_column", 16, "proc_column is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
      ["output_features[0].decoder.num_classes", 21, "num_classes is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
      ["output_features[0].decoder.input_size", 22, "input_size is computed from the training data (it comes from a saved Ludwig model's config); dropped."],
    ],
    upgraded: {"ludwig_version":"0.10.4","model_type":"ecd","input_features":[{"name":"color","type":"category","encoder":{"type":"dense","embedding_size":8}}],"output_features":[{"name":"sold","type":"category","decoder":{"type":"classifier"}}],"combiner":{"type":"concat"},"trainer":{"type":"trainer","epochs":10}},
    validation: 'valid',
  },
  "tabnet-higgs-0.4.yaml": {
    warnings: [
      ["training", 20, "the section `training` is now `trainer`; upgraded."],
      ["input_features[0].type", 3, "feature type 'numerical' is now 'number'; upgraded."],
      ["input_features[1].type", 4, "feature type 'numerical' is now 'number'; upgraded."],
      ["combiner.bn_virtual_divider", 13, "combiner.bn_virtual_divider was removed from Ludwig (bn_virtual_bs sets the ghost batch size); dropped."],
      ["combiner.use_keras_batch_norm", 17, "combiner.use_keras_batch_norm was removed from Ludwig (TabNet uses ghost batch norm); dropped."],
    ],
    upgraded: {"input_features":[{"name":"lepton_pT","type":"number"},{"name":"lepton_eta","type":"number"},{"name":"jet_1_b-tag","type":"binary"}],"output_features":[{"name":"label","type":"binary"}],"combiner":{"type":"tabnet","size":24,"output_size":26,"sparsity":0.000001,"bn_momentum":0.4,"num_steps":5,"relaxation_factor":1.5,"bn_virtual_bs":512,"entmax_mode":"entmax15"},"trainer":{"batch_size":256}},
    validation: 'valid',
  },
  "titanic-0.4.yaml": {
    warnings: [
      ["training", 20, "the section `training` is now `trainer`; upgraded."],
      ["preprocessing.numerical", 27, "preprocessing.numerical is the legacy form of defaults.number.preprocessing; moved."],
      ["preprocessing.split_probabilities", 30, "`preprocessing.split_probabilities` is now `preprocessing.split.probabilities`; upgraded."],
      ["preprocessing.stratify", 31, "`preprocessing.stratify: null` is the legacy spelling of an unstratified split; removed."],
      ["preprocessing.force_split", 29, "`preprocessing.force_split` is now `preprocessing.split.type`; upgraded to a random split."],
      ["input_features[1].encoder", 7, "`encoder: sparse` is the legacy form of `encoder: {type: sparse}`; upgraded."],
      ["input_features[2].type", 9, "feature type 'numerical' is now 'number'; upgraded."],
      ["input_features[3].type", 13, "feature type 'numerical' is now 'number'; upgraded."],
      ["input_features[3].encoder", 14, "`encoder: dense` is the legacy form of `encoder: {type: dense}`; upgraded."],
      ["input_features[3]", 12, "encoder parameters written on the feature (num_layers, output_size) now go under `encoder:`; moved to input_features[3].encoder."],
      ["training.decay", 23, "training.decay is now trainer.learning_rate_scheduler.decay; moved."],
      ["training.decay_steps", 24, "training.decay_steps is now trainer.learning_rate_scheduler.decay_steps; moved."],
      ["training.decay_rate", 25, "training.decay_rate is now trainer.learning_rate_scheduler.decay_rate; moved."],
    ],
    upgraded: {"input_features":[{"name":"Pclass","type":"category"},{"name":"Sex","type":"category","encoder":{"type":"sparse"}},{"name":"Age","type":"number","preprocessing":{"missing_value_strategy":"fill_with_mean"}},{"name":"Fare","type":"number","encoder":{"type":"dense","num_layers":2,"output_size":32}}],"output_features":[{"name":"Survived","type":"binary"}],"preprocessing":{"split":{"probabilities":[0.7,0.1,0.2],"type":"random"}},"trainer":{"epochs":50,"batch_size":64,"learning_rate_scheduler":{"decay":"exponential","decay_steps":5000,"decay_rate":0.9}},"defaults":{"number":{"preprocessing":{"normalization":"zscore"}}}},
    validation: 'valid',
  },
  "trainer-0.7-modern.yaml": {
    warnings: [

    ],
    upgraded: {"input_features":[{"name":"amount","type":"number","preprocessing":{"normalization":"minmax"}},{"name":"channel","type":"category","encoder":{"type":"dense","embedding_size":16}},{"name":"tags","type":"set"},{"name":"signup","type":"date"}],"output_features":[{"name":"churned","type":"binary"}],"combiner":{"type":"concat","num_fc_layers":2,"output_size":64},"trainer":{"epochs":20,"learning_rate":0.001,"learning_rate_scheduler":{"decay":"exponential","decay_steps":1000}},"preprocessing":{"split":{"type":"stratify","column":"churned","probabilities":[0.8,0.1,0.1]}}},
    validation: 'valid',
  },
  "transformer-combiner.yaml": {
    warnings: [],
    upgraded: {"input_features":[{"name":"age","type":"number"},{"name":"workclass","type":"category"},{"name":"hours","type":"number"}],"output_features":[{"name":"income","type":"binary"}],"combiner":{"type":"transformer","hidden_size":30,"num_heads":8,"reduce_output":"concat"}},
    validation: { code: 'invalid_config', problems: [
      ["combiner.num_heads", 16, 14, "hidden_size (30) must be divisible by num_heads (8): each head gets hidden_size / num_heads values"],
    ] },
  },
  "transformers.yaml": {
    warnings: [],
    upgraded: {"input_features":[{"name":"review","type":"text","preprocessing":{"max_sequence_length":64},"encoder":{"type":"transformer","num_layers":2,"hidden_size":64,"num_heads":4,"transformer_output_size":128,"embedding_size":32,"reduce_output":"mean","num_fc_layers":1,"output_size":32}},{"name":"price","type":"number"},{"name":"region","type":"category"}],"output_features":[{"name":"rating","type":"category"}],"combiner":{"type":"ft_transformer","hidden_size":32,"num_heads":4,"num_layers":2,"fc_residual":true,"num_fc_layers":2,"output_size":32},"trainer":{"epochs":10}},
    validation: 'valid',
  },
  "twitter-bots.yaml": {
    warnings: [

    ],
    upgraded: {"input_features":[{"name":"default_profile","type":"binary"},{"name":"favourites_count","type":"number"},{"name":"followers_count","type":"number"},{"name":"lang","type":"category"},{"name":"description","type":"text","encoder":{"type":"embed"}},{"name":"profile_image_path","type":"image","encoder":{"type":"stacked_cnn"}}],"output_features":[{"name":"account_type","type":"binary"}]},
    validation: 'valid',
  },
  "typos.yaml": {
    warnings: [
      ["training", 8, "the section `training` is now `trainer`; upgraded."],
      ["preprocessing.number", 12, "preprocessing.number is the legacy form of defaults.number.preprocessing; moved."],
    ],
    upgraded: {"input_features":[{"name":"a","type":"number"},{"name":"b","type":"number"},{"name":"c","type":"number"}],"output_features":[{"name":"y","type":"binary"}],"trainer":{"epochs":10,"decay_stpes":100},"defaults":{"number":{"preprocessing":{"normalisation":"minmax"}}}},
    validation: { code: "invalid_config", problems: [
      ["defaults.number.preprocessing.normalisation", 13, 5, "unknown key 'normalisation' in defaults.number.preprocessing (did you mean 'normalization'?)"],
      ["trainer.decay_stpes", 10, 3, "unknown key 'decay_stpes' in trainer (did you mean 'learning_rate_scheduler.decay_steps'?)"],
    ] },
  },
  "uncertainty-calibrated.yaml": {
    warnings: [
      ["output_features[0].decoder.calibration", 17, "decoder.calibration: temperature_scaling (declared by Ludwig's mlp_classifier, which never applies it) is the feature's calibration: true here: a temperature is fitted on the validation split after training; moved."],
    ],
    upgraded: {"input_features":[{"name":"alcohol","type":"number","preprocessing":{"normalization":"zscore"}},{"name":"acidity","type":"number"}],"output_features":[{"name":"quality","type":"binary","decoder":{"type":"mlp_classifier","num_fc_layers":1,"output_size":64,"dropout":0.1},"loss":{"type":"binary_weighted_cross_entropy"},"calibration":true}],"trainer":{"epochs":30,"batch_size":128}},
    validation: 'valid',
  },
  "unsupported-names.yaml": {
    warnings: [

    ],
    upgraded: {"input_features":[{"name":"amount","type":"number"},{"name":"cell","type":"h3","encoder":{"type":"weighted_sum"}}],"output_features":[{"name":"risk","type":"category","decoder":{"type":"mlp_classifier","mc_dropout_samples":5},"loss":{"type":"focal"}},{"name":"odd","type":"image"}],"combiner":{"type":"tabpfn_v2"},"trainer":{"optimizer":{"type":"lion"},"learning_rate_scheduler":{"decay":"one_cycle"}}},
    validation: { code: "unsupported", problems: [
      ["output_features[0].decoder.mc_dropout_samples", 6, 86, "'mc_dropout_samples' above 0 is a Ludwig decoder option that Overture does not support yet (predictions are one deterministic pass, with no uncertainty column); set it to 0"],
      ["output_features[0].loss.type", 6, 103, "'focal' is a Ludwig loss of category features that Overture does not support yet"],
      ["trainer.optimizer.type", 10, 21, "'lion' is a Ludwig optimizer that Overture does not support yet: Ludwig runs Lion from bitsandbytes; use adamw"],
      ["trainer.learning_rate_scheduler.decay", 11, 36, "'one_cycle' is a Ludwig learning rate decay that Overture does not support yet"],
      ["input_features[1].type", 4, 24, "'h3' is a Ludwig input feature type that Overture does not support yet (feature 'cell')"],
      ["output_features[1].type", 7, 23, "'image' is a Ludwig output feature type that Overture does not support yet (feature 'odd')"],
      ["combiner.type", 8, 18, "'tabpfn_v2' is a Ludwig combiner that Overture does not support yet; use concat"],
    ] },
  },
};

const dir = path.join(import.meta.dirname, 'test', 'ludwig-corpus');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('Ludwig corpus', () => {
  it('has an expectation for every corpus file', () => {
    expect(files).toEqual(Object.keys(expected).sort());
  });

  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const want = expected[file];
    if (!want) continue;

    if (want.upgradeConflicts) {
      it(`${file}: the upgrade refuses each conflicting legacy key, naming both paths`, () => {
        const error = catchOvertureError(() => upgradeConfigText(text));
        expect(error.code).toBe('invalid_config');
        expect(error.details.map((d): Row => [d.path ?? '', d.line ?? 0, d.message])).toEqual(want.upgradeConflicts);
      });
    } else {
      it(`${file}: upgrades with one warning per legacy key, at the line it was written`, () => {
        const { config, warnings } = upgradeConfigText(text);
        expect(warnings.map((w): Row => [w.path ?? '', w.line ?? 0, w.message])).toEqual(want.warnings);
        expect(config).toEqual(want.upgraded);
      });
    }

    it(`${file}: ${want.validation === 'valid' ? 'validates cleanly' : `is refused (${want.validation.code}) with every problem at once`}`, () => {
      if (want.validation === 'valid') {
        expect(() => parseConfigText(text)).not.toThrow();
        return;
      }
      const error = catchOvertureError(() => parseConfigText(text));
      expect(error.code).toBe(want.validation.code);
      expect(error.details.map((d): Problem => [d.path ?? '', d.line ?? 0, d.column ?? 0, `${d.message}${d.suggestion ? ` (${d.suggestion})` : ''}`])).toEqual(want.validation.problems);
    });
  }
});
