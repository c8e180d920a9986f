import { z } from 'zod';
import { doc, withoutDefaults } from './common.js';
import { decoderSchemas, decodersByFeatureType } from './decoders/index.js';
import { unsupportedDecoderNames } from './features/unsupported.js';
import { defaultEncoders, encoderSchemas, unsupportedEncoderNames } from './encoders/index.js';
import { binaryPreprocessingShape } from './features/binary.js';
import { categoryPreprocessingShape } from './features/category.js';
import { ZDatePreprocessing } from './features/date.js';
import { numberPreprocessingShape } from './features/number.js';
import { setPreprocessingShape } from './features/set.js';
import { sequencePreprocessingShape } from './features/text.js';
import { ZImagePreprocessing } from './features/image.js';
import { ZImageAugmentationDefault } from './features/image-augmentation.js';
import { ZAudioPreprocessing } from './features/audio.js';
import { vectorPreprocessingShape } from './features/vector.js';
import { timeseriesPreprocessingShape } from './features/timeseries.js';
import { featureTypes, trainableInputTypes, trainableOutputTypes, type FeatureType, type InputFeatureType, type OutputFeatureType } from './feature-types.js';
import { lossesByFeatureType, lossSchemas } from './losses/index.js';

/**
 * The `defaults` section: per feature type, partial `preprocessing`, `encoder`, `decoder` and `loss`
 * blocks applied to every feature of that type. Precedence is feature > defaults > schema default
 * (Ludwig `merge_with_defaults`); the merge happens on the raw config, before the feature schemas fill
 * their own defaults, so a value set here is never overwritten by a schema default.
 */

const strictPartial = (shape: z.ZodRawShape) => z.strictObject(withoutDefaults(shape));

/** Partial preprocessing block of each type, validated strictly (no defaults filled). */
export const defaultsPreprocessingSchemas = {
  binary: strictPartial(binaryPreprocessingShape('input')),
  number: strictPartial(numberPreprocessingShape('input')),
  category: strictPartial(categoryPreprocessingShape('input')),
  set: strictPartial(setPreprocessingShape('input')),
  bag: strictPartial(setPreprocessingShape('input')),
  date: strictPartial(ZDatePreprocessing.shape),
  vector: strictPartial(vectorPreprocessingShape('input')),
  text: strictPartial(sequencePreprocessingShape('input', 'space_punct')),
  sequence: strictPartial(sequencePreprocessingShape('input', 'space')),
  image: strictPartial(ZImagePreprocessing.shape),
  timeseries: strictPartial(timeseriesPreprocessingShape()),
  audio: strictPartial(ZAudioPreprocessing.shape),
} as const satisfies { [T in InputFeatureType]: z.ZodObject };

/** Encoder names accepted for a feature type (trainable or not). */
export function encoderNamesFor(type: FeatureType): readonly string[] {
  // Ludwig's names Overture does not train yet parse too, so that validation refuses them by name.
  if (type === 'image' || type === 'audio') return [...new Set([...Object.keys(encoderSchemas[type]), ...unsupportedEncoderNames[type]])];
  if ((trainableInputTypes as readonly string[]).includes(type)) return Object.keys(encoderSchemas[type as InputFeatureType]);
  return (unsupportedEncoderNames as Record<string, readonly string[]>)[type] ?? [];
}
export function decoderNamesFor(type: FeatureType): readonly string[] {
  if ((trainableOutputTypes as readonly string[]).includes(type)) return decodersByFeatureType[type as OutputFeatureType];
  return (unsupportedDecoderNames as Record<string, readonly string[]>)[type] ?? [];
}
export function lossNamesFor(type: FeatureType): readonly string[] {
  if ((trainableOutputTypes as readonly string[]).includes(type)) return lossesByFeatureType[type as OutputFeatureType];
  return [];
}

function typedBlock(names: readonly string[], what: string) {
  const type = names.length > 0 ? z.enum(names as [string, ...string[]]).optional() : z.string().optional();
  return doc(z.looseObject({ type }).optional(), `Default ${what} parameters for every feature of this type.`);
}

function defaultsFor(type: FeatureType) {
  const preprocessing =
    type in defaultsPreprocessingSchemas
      ? defaultsPreprocessingSchemas[type as InputFeatureType].optional()
      : z.record(z.string(), z.unknown()).optional();
  return z
    .strictObject({
      preprocessing: doc(preprocessing, `Default preprocessing of every ${type} feature.`),
      encoder: typedBlock(encoderNamesFor(type), 'encoder'),
      decoder: typedBlock(decoderNamesFor(type), 'decoder'),
      loss: typedBlock(lossNamesFor(type), 'loss'),
      // Ludwig's image defaults are the input mixin, augmentation included; a feature's own list replaces it.
      ...(type === 'image' ? { augmentation: ZImageAugmentationDefault } : {}),
    })
    .optional();
}

export const ZDefaults = z.strictObject(
  Object.fromEntries(featureTypes.map((t) => [t, defaultsFor(t)])) as { [T in FeatureType]: ReturnType<typeof defaultsFor> },
);
export type DefaultsConfig = z.output<typeof ZDefaults>;

/** The strict, default-free schema a `defaults.<type>.<block>` must satisfy, or null when it is only checked loosely. */
export function defaultsBlockSchema(featureType: string, block: 'encoder' | 'decoder' | 'loss', blockType: string | undefined): z.ZodObject | null {
  if (block === 'encoder') {
    if (!(trainableInputTypes as readonly string[]).includes(featureType)) return null;
    const t = featureType as InputFeatureType;
    const schemas = encoderSchemas[t] as Record<string, z.ZodObject>;
    const schema = schemas[blockType ?? defaultEncoders[t]];
    return schema ? z.strictObject(withoutDefaults(schema.shape)) : null;
  }
  if (!(trainableOutputTypes as readonly string[]).includes(featureType)) return null;
  const t = featureType as OutputFeatureType;
  const name = blockType ?? (block === 'decoder' ? decodersByFeatureType[t][0] : lossesByFeatureType[t][0]);
  const schema = (block === 'decoder' ? decoderSchemas : lossSchemas)[name as never] as z.ZodObject | undefined;
  return schema ? z.strictObject(withoutDefaults(schema.shape)) : null;
}

type Obj = Record<string, unknown>;
export const isPlainObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge where `over` wins; arrays and scalars replace, objects merge. */
export function deepMerge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key] as Obj, value) : value;
  }
  return out;
}

/**
 * Merges one block of the defaults into a feature's block. A defaults block naming a different
 * encoder/decoder/loss type than the feature's is not applied (its parameters would not fit).
 */
function mergeBlock(featureBlock: unknown, defaultsBlock: unknown): unknown {
  if (!isPlainObject(defaultsBlock)) return featureBlock;
  if (featureBlock === undefined) return structuredClone(defaultsBlock);
  if (!isPlainObject(featureBlock)) return featureBlock;
  if (featureBlock.type !== undefined && defaultsBlock.type !== undefined && featureBlock.type !== defaultsBlock.type) {
    return featureBlock;
  }
  return deepMerge(defaultsBlock, featureBlock);
}

/** Applies `defaults` to the raw features (before schema defaults). Malformed input is left for the schema to report. */
export function applyDefaults(raw: Obj): Obj {
  const defaults = raw.defaults;
  if (!isPlainObject(defaults)) return raw;
  const apply = (features: unknown, role: 'input' | 'output') => {
    if (!Array.isArray(features)) return features;
    return features.map((feature) => {
      if (!isPlainObject(feature) || typeof feature.type !== 'string') return feature;
      const forType = defaults[feature.type];
      if (!isPlainObject(forType)) return feature;
      const out: Obj = { ...feature };
      const blocks = role === 'input' ? ['preprocessing', 'encoder'] : ['preprocessing', 'decoder', 'loss'];
      for (const block of blocks) {
        const merged = mergeBlock(feature[block], forType[block]);
        if (merged !== undefined) out[block] = merged;
      }
      if (role === 'input' && feature.augmentation === undefined && forType.augmentation !== undefined) out.augmentation = structuredClone(forType.augmentation);
      return out;
    });
  };
  return { ...raw, input_features: apply(raw.input_features, 'input'), output_features: apply(raw.output_features, 'output') };
}
