import { isPlainObject } from './defaults.js';
import type { ErrorDetail } from './errors.js';
import { unsupportedCombinerTypes } from './combiners/index.js';
import { defaultEncoders, encoderSchemas, torchvisionImageEncoders } from './encoders/index.js';
import { trainableInputTypes, trainableOutputTypes } from './feature-types.js';
import { isLudwigName, notSupportedYet } from './ludwig-names.js';
import type { ProblemList } from './problems.js';

/** Whether a problem says "valid Ludwig, not implemented here" (code `unsupported`) rather than a mistake. */
export const isUnsupportedDetail = (d: ErrorDetail): boolean => d.message.includes('that Overture does not support yet') || d.message.startsWith('model_type: ');

/**
 * Valid Ludwig that Overture cannot train yet: feature types, combiners. Reads the raw (upgraded)
 * config, so these are reported together with any mistake the schema finds, not after they are fixed.
 */
export function addUnsupported(config: unknown, problems: ProblemList): void {
  if (!isPlainObject(config)) return;
  for (const [key, role, trainable] of [
    ['input_features', 'input', trainableInputTypes],
    ['output_features', 'output', trainableOutputTypes],
  ] as const) {
    const features = config[key];
    if (!Array.isArray(features)) continue;
    features.forEach((f, i) => {
      if (!isPlainObject(f) || typeof f.type !== 'string') return;
      const known = role === 'input' ? ['text', 'sequence', 'image', 'audio', 'timeseries', 'h3'] : ['text', 'sequence', 'image', 'timeseries'];
      const name = typeof f.name === 'string' ? ` (feature '${f.name}')` : '';
      if (role === 'input' && (f.type === 'text' || f.type === 'sequence' || f.type === 'timeseries')) return addSequenceEncoder(config, f, f.type, `${key}[${i}]`, name, problems);
      if (role === 'input' && f.type === 'image') return addImageParts(config, f, `${key}[${i}]`, name, problems);
      if (role === 'input' && f.type === 'audio') return addAudioEncoder(config, f, `${key}[${i}]`, name, problems);
      if ((trainable as readonly string[]).includes(f.type) || !known.includes(f.type)) return;
      problems.add(() => ({ path: `${key}[${i}].type`, message: `${notSupportedYet(f.type as string, `${role} feature type`)}${name}` }));
    });
  }
  const combiner = config.combiner;
  if (isPlainObject(combiner) && typeof combiner.type === 'string' && (unsupportedCombinerTypes as readonly string[]).includes(combiner.type)) {
    problems.add(() => ({ path: 'combiner.type', message: `${notSupportedYet(combiner.type as string, 'combiner')}; use concat` }));
  }
}

const typeOf = (block: unknown): unknown => (isPlainObject(block) ? block.type : typeof block === 'string' ? block : undefined);

/**
 * The encoder a text, sequence or timeseries input gets (its own, else `defaults.<type>.encoder`,
 * else Ludwig's default) is refused by name when it is a Ludwig encoder of that type Overture does
 * not train yet (the pretrained text ones, sequence passthrough, the mamba family, …), never swapped
 * for another; a name Ludwig does not have is left to the schema's did-you-mean.
 */
function addSequenceEncoder(config: Record<string, unknown>, feature: Record<string, unknown>, type: 'text' | 'sequence' | 'timeseries', path: string, name: string, problems: ProblemList): void {
  const forType = isPlainObject(config.defaults) ? config.defaults[type] : undefined;
  const defaults = isPlainObject(forType) ? forType.encoder : undefined;
  const chosen = typeOf(feature.encoder) ?? typeOf(defaults) ?? defaultEncoders[type];
  if (typeof chosen !== 'string' || Object.hasOwn(encoderSchemas[type], chosen) || !isLudwigName('encoder', chosen, type)) return;
  const trained = Object.keys(encoderSchemas[type]).join(', ');
  problems.add(() => ({ path: `${path}.encoder.type`, message: `'${chosen}' is a Ludwig ${type} encoder that Overture does not support yet${name}; use one of ${trained}` }));
}

/**
 * Images train with stacked_cnn, mlp_mixer, resnet and vit so far: another Ludwig image encoder
 * (its own or `defaults.image.encoder`) is refused by name, and so are pretrained torchvision weights.
 */
function addImageParts(config: Record<string, unknown>, feature: Record<string, unknown>, path: string, name: string, problems: ProblemList): void {
  const defaults = isPlainObject(config.defaults) && isPlainObject(config.defaults.image) ? config.defaults.image.encoder : undefined;
  const chosen = typeOf(feature.encoder) ?? typeOf(defaults) ?? defaultEncoders.image;
  if (typeof chosen === 'string' && !Object.hasOwn(encoderSchemas.image, chosen) && isLudwigName('encoder', chosen, 'image')) {
    const trained = Object.keys(encoderSchemas.image).join(', ');
    problems.add(() => ({ path: `${path}.encoder.type`, message: `'${chosen}' is a Ludwig image encoder that Overture does not support yet${name}; use one of ${trained}` }));
  }
  if ((torchvisionImageEncoders as readonly unknown[]).includes(chosen)) {
    // Ludwig merges defaults.image.encoder into the feature's block when the types agree.
    const own = isPlainObject(feature.encoder) ? feature.encoder : {};
    const shared = isPlainObject(defaults) && (defaults.type === undefined || defaults.type === chosen) ? defaults : {};
    if ((own.use_pretrained ?? shared.use_pretrained ?? true) !== false) {
      problems.add(() => ({
        path: `${path}.encoder.use_pretrained`,
        message: `pretrained ${chosen} weights (use_pretrained: true, Ludwig's default) are not supported yet${name}: they would have to be downloaded from torchvision, which Overture never does; set use_pretrained: false to train the ${chosen} architecture from scratch`,
      }));
    }
  }
}

/** An audio input's encoder (its own or `defaults.audio.encoder`) that is a Ludwig audio encoder Overture does not train (wav2vec2, whisper, …) is refused by name. */
function addAudioEncoder(config: Record<string, unknown>, feature: Record<string, unknown>, path: string, name: string, problems: ProblemList): void {
  const defaults = isPlainObject(config.defaults) && isPlainObject(config.defaults.audio) ? config.defaults.audio.encoder : undefined;
  const chosen = typeOf(feature.encoder) ?? typeOf(defaults) ?? 'parallel_cnn';
  if (typeof chosen !== 'string' || Object.hasOwn(encoderSchemas.audio, chosen) || !isLudwigName('encoder', chosen, 'audio')) return;
  const trained = Object.keys(encoderSchemas.audio).join(', ');
  problems.add(() => ({ path: `${path}.encoder.type`, message: `'${chosen}' is a Ludwig audio encoder that Overture does not support yet${name}; use one of ${trained}` }));
}
