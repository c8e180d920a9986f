import { isPlainObject } from '../defaults.js';
import { featureTypes } from '../feature-types.js';
import { blockAt, sameValue, type Obj, type UpgradeContext } from './context.js';
import { upgradeAudioFeatureBlock, upgradeSequencePreprocessing } from './preprocessing.js';

/** Ludwig 0.5: the `training` section is `trainer`. */
export function renameTraining(config: Obj, up: UpgradeContext): void {
  if (!('training' in config)) return;
  if ('trainer' in config && !sameValue(config.trainer, config.training)) {
    // Both written: merge key by key so only real disagreements are conflicts.
    const training = config.training;
    const trainer = config.trainer;
    if (isPlainObject(training) && isPlainObject(trainer)) {
      for (const key of Object.keys(training)) {
        up.moveKey(training, key, `training.${key}`, trainer, key, `trainer.${key}`, `training.${key} is now trainer.${key}; upgraded.`);
      }
      delete config.training;
    } else {
      up.conflict('training', 'trainer', training, trainer);
    }
    return;
  }
  config.trainer = config.training;
  delete config.training;
  up.warn('training', 'the section `training` is now `trainer`; upgraded.');
  up.moved('training', 'trainer');
}

/** Ludwig 0.7: `hyperopt: {}` meant "no hyperopt"; it is `hyperopt: null` (or nothing) now. */
export function removeEmptyHyperopt(config: Obj, up: UpgradeContext): void {
  if (isPlainObject(config.hyperopt) && Object.keys(config.hyperopt).length === 0) {
    delete config.hyperopt;
    up.warn('hyperopt', '`hyperopt: {}` is the legacy way to turn hyperopt off; write `hyperopt: null` or leave it out. Removed.');
  }
}

const legacyTypeNames: Record<string, string> = { numerical: 'number' };

/**
 * Ludwig 0.5: `preprocessing.<type>.<param>` (and `preprocessing.numerical`) moved to
 * `defaults.<type>.preprocessing.<param>`; `audio_feature` parameters are unnested on the way.
 */
export function movePreprocessingDefaults(config: Obj, up: UpgradeContext): void {
  const preprocessing = config.preprocessing;
  if (!isPlainObject(preprocessing)) return;
  for (const written of Object.keys(preprocessing)) {
    const type = legacyTypeNames[written] ?? written;
    if (!(featureTypes as readonly string[]).includes(type)) continue;
    let block = preprocessing[written];
    delete preprocessing[written];
    if (!isPlainObject(block)) continue;
    const oldPath = `preprocessing.${written}`;
    // Some 0.4 configs wrote `preprocessing.<type>.preprocessing.<param>`.
    if (isPlainObject(block.preprocessing) && Object.keys(block).length === 1) {
      block = block.preprocessing;
      up.moved(`${oldPath}.preprocessing`, oldPath);
    }
    const params = block as Obj;
    if (type === 'audio') upgradeAudioFeatureBlock(params, oldPath, up);
    if (['text', 'sequence', 'audio', 'timeseries'].includes(type)) upgradeSequencePreprocessing(params, oldPath, up);
    const defaults = blockAt(config, 'defaults');
    const forType = defaults && blockAt(defaults, type);
    const target = forType && blockAt(forType, 'preprocessing');
    if (!target) continue;
    const newPath = `defaults.${type}.preprocessing`;
    for (const key of Object.keys(params)) {
      up.moveKey(params, key, `${oldPath}.${key}`, target, key, `${newPath}.${key}`, '');
    }
    // One warning per section (not per key), naming both spellings.
    up.warn(oldPath, `${oldPath} is the legacy form of ${newPath}; moved.`);
    up.moved(oldPath, newPath);
  }
}

/**
 * Ludwig 0.5: `force_split`, `split_probabilities` and `stratify` became `preprocessing.split`
 * (`{type, probabilities, column}`).
 */
export function upgradeSplit(config: Obj, up: UpgradeContext): void {
  const preprocessing = config.preprocessing;
  if (!isPlainObject(preprocessing)) return;
  const legacy = ['force_split', 'split_probabilities', 'stratify'].filter((k) => k in preprocessing);
  if (legacy.length === 0) return;
  const split = blockAt(preprocessing, 'split');
  if (!split) return;
  const stratify = preprocessing.stratify;
  up.moveKey(preprocessing, 'split_probabilities', 'preprocessing.split_probabilities', split, 'probabilities', 'preprocessing.split.probabilities',
    '`preprocessing.split_probabilities` is now `preprocessing.split.probabilities`; upgraded.');
  if ('stratify' in preprocessing) {
    if (stratify === null || stratify === undefined) {
      up.drop(preprocessing, 'stratify', 'preprocessing.stratify', '`preprocessing.stratify: null` is the legacy spelling of an unstratified split; removed.');
    } else {
      up.moveKey(preprocessing, 'stratify', 'preprocessing.stratify', split, 'column', 'preprocessing.split.column',
        '`preprocessing.stratify` is now `preprocessing.split: {type: stratify, column: …}`; upgraded.');
      if (split.type !== undefined && split.type !== 'stratify') up.conflict('preprocessing.stratify', 'preprocessing.split.type', stratify, split.type);
      else split.type = 'stratify';
    }
  }
  if ('force_split' in preprocessing) {
    up.drop(preprocessing, 'force_split', 'preprocessing.force_split', '`preprocessing.force_split` is now `preprocessing.split.type`; upgraded to a random split.');
    if (split.type === undefined) split.type = 'random';
  }
  if (split.type === undefined && Object.keys(split).length > 0) split.type = 'random';
  if (Object.keys(split).length === 0) delete preprocessing.split;
}

/** Ludwig 0.7.3 wrote a stray `type` into each `defaults.<type>` section; it means nothing. */
export function removeDefaultsTypes(config: Obj, up: UpgradeContext): void {
  const defaults = config.defaults;
  if (!isPlainObject(defaults)) return;
  for (const [type, section] of Object.entries(defaults)) {
    if (isPlainObject(section)) up.drop(section, 'type', `defaults.${type}.type`, `defaults.${type}.type is a leftover of Ludwig 0.7.3 and means nothing; removed.`);
  }
}

/** Ludwig 0.6: `backend.cache_credentials` is `backend.credentials.cache`. */
export function upgradeBackend(config: Obj, up: UpgradeContext): void {
  const backend = config.backend;
  if (!isPlainObject(backend) || !('cache_credentials' in backend)) return;
  const credentials = blockAt(backend, 'credentials');
  if (!credentials) return;
  up.moveKey(backend, 'cache_credentials', 'backend.cache_credentials', credentials, 'cache', 'backend.credentials.cache',
    '`backend.cache_credentials` is now `backend.credentials.cache`; upgraded.');
}
