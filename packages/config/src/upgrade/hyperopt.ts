import { isPlainObject } from '../defaults.js';
import { blockAt, type Obj, type UpgradeContext } from './context.js';

/** Ludwig registers these schedulers under a second name as well. */
const schedulerAliases: Record<string, string> = { asha: 'async_hyperband', asynchyperband: 'async_hyperband', medianstoppingrule: 'median_stopping_rule' };

const asSearchAlg = (value: unknown) => (typeof value === 'string' ? { type: value } : value);

/**
 * Upgrades `hyperopt` in place (Ludwig 0.5): `training.` parameter paths, the `sampler` section
 * (→ `search_alg` + `executor.num_samples`/`scheduler`), `search_alg` inside `executor`, executor
 * types other than `ray`.
 */
export function upgradeHyperopt(config: Obj, up: UpgradeContext): void {
  const hyperopt = config.hyperopt;
  if (!isPlainObject(hyperopt)) return;

  const parameters = hyperopt.parameters;
  if (isPlainObject(parameters)) {
    for (const key of Object.keys(parameters)) {
      if (!key.startsWith('training.')) continue;
      const next = `trainer.${key.slice('training.'.length)}`;
      renameParameter(parameters, key, next, up, `the hyperopt parameter '${key}' is now '${next}' (the section training is trainer); upgraded.`);
    }
  }

  // A missing executor or search_alg is left to the defaults (Ludwig's upgrader adds the same values).
  const executor = isPlainObject(hyperopt.executor) || isPlainObject(hyperopt.sampler) ? blockAt(hyperopt, 'executor') : null;
  if (executor) {
    if (typeof executor.type === 'string' && executor.type !== 'ray') {
      up.warn('hyperopt.executor.type', `hyperopt.executor.type '${executor.type}' is a legacy executor; Ludwig runs every search with 'ray'; upgraded.`);
      executor.type = 'ray';
    }
    if ('search_alg' in executor) {
      if ('search_alg' in hyperopt) {
        up.drop(executor, 'search_alg', 'hyperopt.executor.search_alg', 'hyperopt.executor.search_alg is the legacy place of hyperopt.search_alg, which is set; dropped.');
      } else {
        up.moveKey(executor, 'search_alg', 'hyperopt.executor.search_alg', hyperopt, 'search_alg', 'hyperopt.search_alg',
          'hyperopt.executor.search_alg is now hyperopt.search_alg; moved.', asSearchAlg);
      }
    }
  }

  const sampler = hyperopt.sampler;
  if (sampler !== undefined) {
    delete hyperopt.sampler;
    if (isPlainObject(sampler)) {
      if ('search_alg' in sampler && !('search_alg' in hyperopt)) {
        up.moveKey(sampler, 'search_alg', 'hyperopt.sampler.search_alg', hyperopt, 'search_alg', 'hyperopt.search_alg',
          'hyperopt.sampler.search_alg is now hyperopt.search_alg; moved.', asSearchAlg);
      }
      if (executor) {
        for (const key of ['num_samples', 'scheduler'] as const) {
          if (key in sampler && !(key in executor)) {
            up.moveKey(sampler, key, `hyperopt.sampler.${key}`, executor, key, `hyperopt.executor.${key}`, `hyperopt.sampler.${key} is now hyperopt.executor.${key}; moved.`);
          }
        }
        if (isPlainObject(executor.scheduler) && Object.keys(executor.scheduler).length === 0) delete executor.scheduler;
      }
    }
    up.warn('hyperopt.sampler', 'hyperopt.sampler is the legacy form of hyperopt.search_alg and hyperopt.executor; upgraded.');
  }

  const scheduler = isPlainObject(hyperopt.executor) ? hyperopt.executor.scheduler : undefined;
  const canonical = isPlainObject(scheduler) && typeof scheduler.type === 'string' ? schedulerAliases[scheduler.type] : undefined;
  if (isPlainObject(scheduler) && canonical) {
    up.warn('hyperopt.executor.scheduler.type', `hyperopt.executor.scheduler.type '${scheduler.type}' is Ludwig's alias of '${canonical}'; upgraded.`);
    scheduler.type = canonical;
  }
}

function renameParameter(parameters: Obj, from: string, to: string, up: UpgradeContext, message: string): void {
  up.moveKey(parameters, from, `hyperopt.parameters.${from}`, parameters, to, `hyperopt.parameters.${to}`, message);
}

/**
 * Ludwig 0.6 nested encoder/decoder parameters, so a search over `<feature>.<param>` is a search over
 * `<feature>.encoder.<param>` (input) or `<feature>.decoder.<param>` (output). `isFeatureKey` says
 * which keys stay on the feature.
 */
export function upgradeHyperoptFeaturePaths(
  config: Obj, up: UpgradeContext,
  features: ReadonlyMap<string, { module: 'encoder' | 'decoder'; isFeatureKey: (key: string) => boolean }>,
): void {
  const hyperopt = config.hyperopt;
  if (!isPlainObject(hyperopt) || !isPlainObject(hyperopt.parameters)) return;
  const parameters = hyperopt.parameters;
  for (const key of Object.keys(parameters)) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    const feature = features.get(key.slice(0, dot));
    const rest = key.slice(dot + 1);
    if (!feature || rest.includes('.') || feature.isFeatureKey(rest)) continue;
    const next = `${key.slice(0, dot)}.${feature.module}.${rest}`;
    renameParameter(parameters, key, next, up, `the hyperopt parameter '${key}' is now '${next}' (${feature.module} parameters are nested); upgraded.`);
  }
}
