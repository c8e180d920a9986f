import { isPlainObject } from '../defaults.js';
import { OvertureError, type ErrorDetail } from '../errors.js';
import { CONFIG_VERSION } from '../version.js';
import { UpgradeContext, writtenPath, type Obj, type PathMove } from './context.js';
import { featureKeyTest, upgradeFeature } from './features.js';
import { upgradeHyperopt, upgradeHyperoptFeaturePaths } from './hyperopt.js';
import { upgradeMissingValueStrategy } from './preprocessing.js';
import { movePreprocessingDefaults, removeDefaultsTypes, removeEmptyHyperopt, renameTraining, upgradeBackend, upgradeSplit } from './sections.js';
import { upgradeCombiner, upgradeTrainer } from './trainer.js';

export { writtenPath, type PathMove } from './context.js';
export { schedulerMoves } from './trainer.js';

export interface UpgradeResult {
  config: unknown;
  /** One per upgraded key or section, naming the old and the new spelling. */
  warnings: ErrorDetail[];
  /** Legacy keys whose new place already holds a different value (the config is invalid until one goes). */
  conflicts: ErrorDetail[];
  /** Where each moved key came from, for `writtenPath`. */
  moves: PathMove[];
}

function checkVersion(config: Obj): void {
  const stored = config.overture_version;
  if (stored === undefined) return;
  const major = Number(String(stored).split('.')[0]);
  const ours = Number(CONFIG_VERSION.split('.')[0]);
  if (!Number.isFinite(major) || major > ours) {
    throw new OvertureError('invalid_config', `This config was written by a newer Overture (config version ${String(stored)}); this one reads up to ${CONFIG_VERSION}.`, [
      { path: 'overture_version', message: `unknown config version ${String(stored)}` },
    ]);
  }
}

/**
 * Upgrades a stored or hand-written config to the current language before validation, rule for rule
 * as Ludwig's `upgrade_config_dict_to_latest_version` (0.4 → today), plus the keys Ludwig dropped
 * (`fc_size`, `weight_regularization`, `shuffle_buffer_size`). Returns a new object; the input is not
 * changed. A config whose `overture_version` is newer than this code is refused.
 */
export function upgradeConfig(raw: unknown): UpgradeResult {
  if (!isPlainObject(raw)) return { config: raw, warnings: [], conflicts: [], moves: [] };
  const config: Obj = structuredClone(raw);
  checkVersion(config);
  const up = new UpgradeContext();

  renameTraining(config, up);
  removeEmptyHyperopt(config, up);
  movePreprocessingDefaults(config, up);
  upgradeSplit(config, up);

  const features = new Map<string, { module: 'encoder' | 'decoder'; isFeatureKey: (key: string) => boolean }>();
  for (const [key, role] of [['input_features', 'input'], ['output_features', 'output']] as const) {
    const list = config[key];
    if (!Array.isArray(list)) continue;
    list.forEach((feature, i) => {
      if (!isPlainObject(feature)) return;
      upgradeFeature(feature, `${key}[${i}]`, role, up);
      const test = typeof feature.type === 'string' ? featureKeyTest(feature.type, role) : null;
      if (typeof feature.name === 'string' && test) features.set(feature.name, { module: role === 'input' ? 'encoder' : 'decoder', isFeatureKey: test });
    });
  }
  if (isPlainObject(config.defaults)) {
    for (const [type, section] of Object.entries(config.defaults)) {
      if (isPlainObject(section)) upgradeMissingValueStrategy(section.preprocessing, `defaults.${type}.preprocessing`, up);
    }
  }
  removeDefaultsTypes(config, up);
  upgradeTrainer(config, up);
  upgradeCombiner(config, up);
  upgradeHyperopt(config, up);
  upgradeHyperoptFeaturePaths(config, up, features);
  upgradeBackend(config, up);

  if (isPlainObject(config.preprocessing) && Object.keys(config.preprocessing).length === 0 && isPlainObject(raw.preprocessing) && Object.keys(raw.preprocessing).length > 0) {
    delete config.preprocessing;
  }
  return { config, warnings: up.warnings, conflicts: up.conflicts, moves: up.moves };
}

/** The written path of each problem's upgraded path (for locating it in the user's text). */
export function toWrittenPaths(details: readonly ErrorDetail[], moves: readonly PathMove[]): ErrorDetail[] {
  if (moves.length === 0) return [...details];
  return details.map((d) => (d.path === undefined ? d : { ...d, path: writtenPath(moves, d.path) }));
}
