import type { z } from 'zod';
import { isPlainObject } from '../defaults.js';
import {
  ZH3InputFeature, ZSequenceOutputFeature,
  ZTextOutputFeature,
} from '../features/unsupported.js';
import { ZImageOutputFeature } from '../features/image-output.js';
import { inputFeatureSchemas, outputFeatureSchemas } from '../features/index.js';
import { decoderSchemas, decodersByFeatureType } from '../decoders/index.js';
import { defaultEncoders, encoderSchemas } from '../encoders/index.js';
import type { Obj, UpgradeContext } from './context.js';
import { upgradeAudioFeatureBlock, upgradeMissingValueStrategy, upgradeSequencePreprocessing } from './preprocessing.js';

type Role = 'input' | 'output';

/** Keys that belong to the feature itself in Ludwig (not to its encoder/decoder), whatever Overture implements. */
const ludwigFeatureKeys = [
  'name', 'type', 'column', 'proc_column', 'tied', 'preprocessing', 'encoder', 'decoder', 'loss', 'dependencies',
  'reduce_input', 'reduce_dependencies', 'top_k', 'calibration', 'threshold', 'num_classes', 'input_size', 'augmentation',
  'default_validation_metric', 'clip', 'active',
];

const unsupportedSchemas: Record<Role, Record<string, z.ZodObject>> = {
  input: { h3: ZH3InputFeature },
  output: { text: ZTextOutputFeature, sequence: ZSequenceOutputFeature, image: ZImageOutputFeature },
};

/** The feature-level keys of a type in a role, or null for a type neither Ludwig nor Overture has as such. */
function featureKeys(type: string, role: Role): Set<string> | null {
  const schemas = (role === 'input' ? inputFeatureSchemas : outputFeatureSchemas) as Record<string, z.ZodObject>;
  const schema = schemas[type] ?? unsupportedSchemas[role][type];
  if (!schema) return null;
  return new Set([...Object.keys(schema.shape), ...ludwigFeatureKeys]);
}

/**
 * The parameters the feature's encoder/decoder takes, for the types Overture implements; null (take
 * every key, as Ludwig does) for the others, whose modules are kept loosely. A key that fits neither
 * the feature nor its module stays where it was written, to be reported there with a did-you-mean.
 */
function moduleKeys(type: string, role: Role, module: unknown): Set<string> | null {
  const named = isPlainObject(module) && typeof module.type === 'string' ? module.type : typeof module === 'string' ? module : undefined;
  if (role === 'input') {
    const schemas = (encoderSchemas as Record<string, Record<string, z.ZodObject>>)[type];
    if (!schemas) return null;
    const schema = schemas[named ?? (defaultEncoders as Record<string, string>)[type]];
    // An encoder Overture does not implement yet (text's rnn or transformer, among them)
    // takes every key, as Ludwig's does: it is refused by name later, not for its parameters.
    if (!schema) return null;
    // With no encoder named, a parameter of any encoder of the type is an encoder parameter (then
    // reported in the encoder block if the default encoder does not take it).
    if (named === undefined) return new Set(Object.values(schemas).flatMap((s) => Object.keys(s.shape)));
    return new Set(Object.keys(schema.shape));
  }
  const names = (decodersByFeatureType as Record<string, readonly string[]>)[type];
  if (!names) return null;
  const schema = (decoderSchemas as Record<string, z.ZodObject>)[named ?? names[0]];
  return schema ? new Set(Object.keys(schema.shape)) : null;
}

/** Ludwig 0.6 renamed these decoder parameters `fc_<name>` (the fully connected stack before the head). */
const decoderFcKeys = new Set(['output_size', 'activation', 'dropout', 'norm', 'norm_params']);
/** …and kept these on the head as well, so they are written to both. */
const decoderHeadAndFcKeys = new Set(['use_bias', 'weights_initializer', 'bias_initializer']);

const biasRenames: Record<string, string> = { bias: 'use_bias', conv_bias: 'conv_use_bias', default_bias: 'default_use_bias' };

/** Ludwig 0.5: `bias`, `conv_bias`, `default_bias` are `use_bias`, `conv_use_bias`, `default_use_bias`, at any depth of a feature. */
function renameBias(node: unknown, path: string, up: UpgradeContext): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => renameBias(item, `${path}[${i}]`, up));
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [old, next] of Object.entries(biasRenames)) {
    up.moveKey(node, old, `${path}.${old}`, node, next, `${path}.${next}`, `${old} is now ${next}; upgraded.`);
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'preprocessing') renameBias(value, `${path}.${key}`, up);
}

/** Ludwig ≤ 0.5's names of the 2-D convolution parameters (image stacked_cnn, its defaults and each of its conv_layers). */
const conv2DRenames: Record<string, string> = { num_filters: 'out_channels', filter_size: 'kernel_size', pool_size: 'pool_kernel_size' };

function renameConv2DKeys(encoder: Obj, path: string, up: UpgradeContext): void {
  const rename = (block: Obj, at: string) => {
    for (const [old, next] of Object.entries(conv2DRenames)) {
      up.moveKey(block, old, `${at}.${old}`, block, next, `${at}.${next}`, `${old} is now ${next}; upgraded.`);
    }
  };
  rename(encoder, path);
  if (Array.isArray(encoder.conv_layers)) {
    encoder.conv_layers.forEach((layer, i) => { if (isPlainObject(layer)) rename(layer, `${path}.conv_layers[${i}]`); });
  }
}

const legacyEncoderNames: Record<string, Record<string, string>> = {
  image: { _resnet_legacy: 'resnet', _vit_legacy: 'vit' },
  text: { transformer_xl: 'auto_transformer', ctrl: 'auto_transformer', flaubert: 'auto_transformer' },
};

/**
 * Keys Ludwig writes into a trained model's config (`model_hyperparameters.json`) from the training
 * set's metadata: a config copied from a saved Ludwig model carries them, and Overture computes them
 * from the data too.
 */
const metadataKeys = ['vocab', 'vocab_size', 'num_classes', 'input_size', 'proc_column'];

function dropMetadata(block: Obj, path: string, up: UpgradeContext): void {
  for (const key of metadataKeys) {
    up.drop(block, key, `${path}.${key}`, `${key} is computed from the training data (it comes from a saved Ludwig model's config); dropped.`);
  }
}

/** Keys Ludwig dropped long ago; a config carrying them still means the rest, so they go with a warning. */
function dropObsolete(block: Obj, path: string, up: UpgradeContext): void {
  up.drop(block, 'weight_regularization', `${path}.weight_regularization`,
    'weight_regularization was removed from Ludwig (regularize through trainer.regularization_type and regularization_lambda); dropped.');
  if ('fc_size' in block) {
    up.moveKey(block, 'fc_size', `${path}.fc_size`, block, 'output_size', `${path}.output_size`, `${path}.fc_size is now ${path}.output_size; upgraded.`);
  }
}

/**
 * Keys Ludwig's own examples write where its schema has no such parameter: LudwigBaseConfig strips
 * an unknown key with a warning ("is not a valid parameter … and will be ignored") rather than
 * failing, so Overture drops it with a warning saying so.
 */
function dropIgnoredByLudwig(feature: Obj, path: string, role: Role, type: string | undefined, up: UpgradeContext): void {
  if (role === 'output' && type === 'timeseries') {
    up.drop(feature, 'window_size', `${path}.window_size`,
      "window_size is not a parameter of Ludwig's timeseries output, which ignores it with a warning (the lookback window is an input's preprocessing.window_size; the forecast length is the output's preprocessing.horizon); dropped.");
  }
  if (role === 'input' && type === 'timeseries') {
    up.drop(feature, 'window_size', `${path}.window_size`,
      "window_size written on a timeseries input is not a parameter of Ludwig's feature, which ignores it with a warning (the sliding window over a column of observations is preprocessing.window_size; each cell is read as a whole series here); dropped.");
  }
  const decoder = feature.decoder;
  if (role === 'output' && isPlainObject(decoder) && decoder.type === 'mlp_classifier' && decoder.calibration === 'temperature_scaling') {
    // Ludwig 0.17 declares this field on mlp_classifier but its model never reads it; what the user
    // asks for is what the feature's own `calibration: true` does (a temperature fitted on validation).
    up.moveKey(decoder, 'calibration', `${path}.decoder.calibration`, feature, 'calibration', `${path}.calibration`,
      "decoder.calibration: temperature_scaling (declared by Ludwig's mlp_classifier, which never applies it) is the feature's calibration: true here: a temperature is fitted on the validation split after training; moved.",
      () => true);
  }
  const encoder = feature.encoder;
  if (role === 'input' && type === 'image' && isPlainObject(encoder) && encoder.type === 'stacked_cnn') {
    up.drop(encoder, 'use_pretrained', `${path}.encoder.use_pretrained`,
      "use_pretrained is not a parameter of Ludwig's stacked_cnn image encoder, which always trains from scratch and ignores it with a warning; dropped.");
  }
}

/**
 * Upgrades one input or output feature in place: legacy type names, the module given as a bare
 * name, parameters written flat on the feature (nested under `encoder:`/`decoder:` since Ludwig 0.6),
 * bias names, audio and sequence preprocessing, missing-value strategy names, removed encoders.
 */
export function upgradeFeature(feature: Obj, path: string, role: Role, up: UpgradeContext): void {
  if (feature.type === 'numerical') {
    feature.type = 'number';
    up.warn(`${path}.type`, "feature type 'numerical' is now 'number'; upgraded.");
  }
  const type = typeof feature.type === 'string' ? feature.type : undefined;
  renameBias(feature, path, up);
  dropObsolete(feature, path, up);
  dropMetadata(feature, path, up);

  const module = role === 'input' ? 'encoder' : 'decoder';
  for (const block of [module, 'loss']) {
    if (typeof feature[block] === 'string') {
      const name = feature[block];
      feature[block] = { type: name };
      up.warn(`${path}.${block}`, `\`${block}: ${name}\` is the legacy form of \`${block}: {type: ${name}}\`; upgraded.`);
      up.moved(`${path}.${block}`, `${path}.${block}.type`);
    }
  }

  // Ludwig 0.5 wrote conv parameters flat on the feature too: renamed first, so they move under `encoder:`.
  if (role === 'input' && type === 'image') renameConv2DKeys(feature, path, up);
  const keys = type === undefined ? null : featureKeys(type, role);
  if (keys && type !== undefined) {
    const accepts = moduleKeys(type, role, feature[module]);
    const nameIn = (key: string) => (module === 'decoder' && decoderFcKeys.has(key) ? `fc_${key}` : key);
    const flat = Object.keys(feature).filter((k) => !keys.has(k) && (accepts === null || accepts.has(nameIn(k))));
    if (flat.length > 0) {
      const target = isPlainObject(feature[module]) ? (feature[module] as Obj) : (feature[module] = {});
      for (const key of flat) {
        const names = module === 'decoder' && decoderFcKeys.has(key) ? [`fc_${key}`] : module === 'decoder' && decoderHeadAndFcKeys.has(key) ? [key, `fc_${key}`] : [key];
        for (const name of names.slice(1)) {
          if (!(name in target)) target[name] = structuredClone(feature[key]);
        }
        up.moveKey(feature, key, `${path}.${key}`, target, names[0], `${path}.${module}.${names[0]}`, '');
      }
      up.warn(path, `${module} parameters written on the feature (${flat.join(', ')}) now go under \`${module}:\`; moved to ${path}.${module}.`);
    }
  }

  if (isPlainObject(feature[module])) {
    dropObsolete(feature[module] as Obj, `${path}.${module}`, up);
    dropMetadata(feature[module] as Obj, `${path}.${module}`, up);
  }
  const encoder = feature.encoder;
  const renames = type ? legacyEncoderNames[type] : undefined;
  if (role === 'input' && renames && isPlainObject(encoder) && typeof encoder.type === 'string' && encoder.type in renames) {
    const next = renames[encoder.type];
    up.warn(`${path}.encoder.type`, `the ${type} encoder '${encoder.type}' was removed from Ludwig; it is now '${next}'${next === 'auto_transformer' ? ' (set pretrained_model_name_or_path)' : ''}; upgraded.`);
    encoder.type = next;
  }

  if (role === 'input' && type === 'image' && isPlainObject(encoder)) renameConv2DKeys(encoder, `${path}.encoder`, up);

  const loss = feature.loss;
  if (isPlainObject(loss) && 'class_weights' in loss && loss.class_weights !== null && typeof loss.class_weights !== 'object') {
    up.warn(`${path}.loss.class_weights`, `class_weights ${JSON.stringify(loss.class_weights)} is the legacy spelling of no class weights (null); upgraded.`);
    loss.class_weights = null;
  }

  dropIgnoredByLudwig(feature, path, role, type, up);

  const preprocessing = feature.preprocessing;
  if (isPlainObject(preprocessing)) {
    if (type === 'audio') upgradeAudioFeatureBlock(preprocessing, `${path}.preprocessing`, up);
    if (type && ['text', 'sequence', 'audio'].includes(type) && role === 'input') {
      upgradeSequencePreprocessing(preprocessing, `${path}.preprocessing`, up);
    }
    upgradeMissingValueStrategy(preprocessing, `${path}.preprocessing`, up);
  }
}

/** Whether `key` stays on a feature of `type` (else it is an encoder/decoder parameter); null for an unknown type. */
export function featureKeyTest(type: string, role: Role): ((key: string) => boolean) | null {
  const keys = featureKeys(type, role);
  return keys ? (key) => keys.has(key) : null;
}
