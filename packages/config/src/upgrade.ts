import { OvertureError, type ErrorDetail } from './errors.js';
import { featureTypes } from './feature-types.js';
import { isPlainObject } from './defaults.js';
import { CONFIG_VERSION } from './version.js';

type Obj = Record<string, unknown>;

/** Ludwig ≤0.4 feature type names. */
const legacyFeatureTypes: Record<string, string> = { numerical: 'number' };

/**
 * Upgrades a stored or hand-written config to the current language before validation
 * (the idea of Ludwig's `utils/backward_compatibility.py`). Returns a new object; the input is not
 * changed. Handles: the legacy `preprocessing.<type>.<param>` form (moved into
 * `defaults.<type>.preprocessing`), Ludwig's `training` section and `numerical` type, encoder/decoder/loss
 * given as a bare name, and `overture_version` (a newer major version than this code is refused).
 */
export function upgradeConfig(raw: unknown): { config: unknown; warnings: ErrorDetail[] } {
  if (!isPlainObject(raw)) return { config: raw, warnings: [] };
  const warnings: ErrorDetail[] = [];
  const config: Obj = structuredClone(raw);

  const stored = config.overture_version;
  if (stored !== undefined) {
    const major = Number(String(stored).split('.')[0]);
    const ours = Number(CONFIG_VERSION.split('.')[0]);
    if (!Number.isFinite(major) || major > ours) {
      throw new OvertureError('invalid_config', `This config was written by a newer Overture (config version ${String(stored)}); this one reads up to ${CONFIG_VERSION}.`, [
        { path: 'overture_version', message: `unknown config version ${String(stored)}` },
      ]);
    }
  }

  if (config.training !== undefined && config.trainer === undefined) {
    config.trainer = config.training;
    delete config.training;
    warnings.push({ path: 'training', message: '`training` was renamed `trainer`; upgraded.' });
  }

  for (const key of ['input_features', 'output_features'] as const) {
    const features = config[key];
    if (!Array.isArray(features)) continue;
    features.forEach((feature, i) => {
      if (!isPlainObject(feature)) return;
      const type = feature.type;
      if (typeof type === 'string' && legacyFeatureTypes[type]) {
        feature.type = legacyFeatureTypes[type];
        warnings.push({ path: `${key}[${i}].type`, message: `feature type '${type}' is now '${feature.type}'; upgraded.` });
      }
      for (const block of ['encoder', 'decoder', 'loss']) {
        if (typeof feature[block] === 'string') feature[block] = { type: feature[block] };
      }
    });
  }

  // Legacy per-type preprocessing: `preprocessing: {number: {normalization: minmax}}`.
  const preprocessing = config.preprocessing;
  if (isPlainObject(preprocessing)) {
    for (const type of featureTypes) {
      const block = preprocessing[type];
      if (!isPlainObject(block)) continue;
      const defaults: Obj = isPlainObject(config.defaults) ? config.defaults : (config.defaults = {});
      const forType: Obj = isPlainObject(defaults[type]) ? (defaults[type] as Obj) : (defaults[type] = {});
      // An explicit `defaults` value wins over the legacy form.
      forType.preprocessing = { ...block, ...(isPlainObject(forType.preprocessing) ? forType.preprocessing : {}) };
      delete preprocessing[type];
      warnings.push({
        path: `preprocessing.${type}`,
        message: `preprocessing.${type} is the legacy form; moved to defaults.${type}.preprocessing.`,
      });
    }
  }

  return { config, warnings };
}
