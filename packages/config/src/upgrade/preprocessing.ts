import { isPlainObject } from '../defaults.js';
import type { Obj, UpgradeContext } from './context.js';

/** Ludwig 0.5: audio parameters nested under `audio_feature` moved up into preprocessing. */
export function upgradeAudioFeatureBlock(preprocessing: Obj, path: string, up: UpgradeContext): void {
  const nested = preprocessing.audio_feature;
  if (!isPlainObject(nested)) return;
  delete preprocessing.audio_feature;
  for (const key of Object.keys(nested)) {
    up.moveKey(nested, key, `${path}.audio_feature.${key}`, preprocessing, key, `${path}.${key}`, '');
  }
  up.warn(`${path}.audio_feature`, `the parameters under ${path}.audio_feature now sit directly in ${path}; moved.`);
}

/** Ludwig 0.4: word_/char_ prefixed sequence preprocessing parameters lost their prefix. */
const levelParams: Record<string, string> = {
  sequence_length_limit: 'max_sequence_length',
  word_most_common: 'most_common',
  word_sequence_length_limit: 'max_sequence_length',
  word_tokenizer: 'tokenizer',
  word_vocab_file: 'vocab_file',
  char_most_common: 'most_common',
  char_sequence_length_limit: 'max_sequence_length',
  char_tokenizer: 'tokenizer',
  char_vocab_file: 'vocab_file',
};

export function upgradeSequencePreprocessing(preprocessing: Obj, path: string, up: UpgradeContext): void {
  for (const [old, next] of Object.entries(levelParams)) {
    up.moveKey(preprocessing, old, `${path}.${old}`, preprocessing, next, `${path}.${next}`, `${path}.${old} is now ${path}.${next}; upgraded.`);
  }
}

/** Ludwig 0.6: the pandas names `backfill` and `pad` are `bfill` and `ffill`. */
const legacyStrategies: Record<string, string> = { backfill: 'bfill', pad: 'ffill' };

export function upgradeMissingValueStrategy(preprocessing: unknown, path: string, up: UpgradeContext): void {
  if (!isPlainObject(preprocessing)) return;
  const strategy = preprocessing.missing_value_strategy;
  if (typeof strategy !== 'string' || !(strategy in legacyStrategies)) return;
  preprocessing.missing_value_strategy = legacyStrategies[strategy];
  up.warn(`${path}.missing_value_strategy`, `missing_value_strategy '${strategy}' is now '${legacyStrategies[strategy]}' (the same strategy); upgraded.`);
}
