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
    if (executor.type === 'optuna') upgradeOptunaExecutor(hyperopt, executor, up);
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

  upgradeIntSpaces(hyperopt, up);
  upgradeDottedMetric(hyperopt, up);

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

/** Ludwig's optuna executor's `sampler` names, as the search algorithm that proposes the same way here. */
const optunaSamplers: Record<string, { type: string; note: string }> = {
  auto: { type: 'optuna', note: "Optuna's AutoSampler starts with TPE; Overture's optuna search is TPE throughout" },
  tpe: { type: 'optuna', note: 'the same TPE sampler' },
  random: { type: 'random', note: 'random sampling' },
  gp: { type: 'skopt', note: 'Gaussian-process Bayesian optimisation' },
  cmaes: { type: 'optuna', note: 'CMA-ES is not available, TPE proposes instead' },
};

/**
 * Ludwig's native Optuna executor (ludwig/hyperopt/optuna_executor.py: trials one after another,
 * proposed by an Optuna sampler) as what Overture runs: executor `ray` with search_alg `optuna`
 * (or the search the `sampler` names). Its `pruner` is built but never sees an intermediate value
 * (the executor reports only each trial's final metric), so it stops nothing and is dropped; its
 * `storage` keeps the Optuna study in a database, which Overture does not write.
 */
function upgradeOptunaExecutor(hyperopt: Obj, executor: Obj, up: UpgradeContext): void {
  const sampler = typeof executor.sampler === 'string' ? executor.sampler : 'auto';
  const chosen = optunaSamplers[sampler] ?? optunaSamplers.auto;
  if ('sampler' in executor) {
    delete executor.sampler;
    up.warn('hyperopt.executor.sampler', `hyperopt.executor.sampler '${sampler}' is the Optuna sampler of Ludwig's optuna executor; Overture proposes with search_alg {type: ${chosen.type}} (${chosen.note}); moved.`);
  }
  if (!('search_alg' in hyperopt) && !('search_alg' in executor)) hyperopt.search_alg = { type: chosen.type };
  if ('pruner' in executor) {
    up.warn('hyperopt.executor.pruner', `hyperopt.executor.pruner '${String(executor.pruner)}': Ludwig's optuna executor builds this pruner but reports no intermediate results to it, so it stops no trial; dropped (set executor.scheduler to stop trials early).`);
    delete executor.pruner;
  }
  if ('storage' in executor) {
    up.warn('hyperopt.executor.storage', `hyperopt.executor.storage '${String(executor.storage)}' is where Ludwig's optuna executor keeps its Optuna study to resume it; Overture does not write an Optuna database; dropped.`);
    delete executor.storage;
  }
  if ('study_name' in executor) {
    up.warn('hyperopt.executor.study_name', "hyperopt.executor.study_name names the Optuna study in Ludwig's storage; dropped.");
    delete executor.study_name;
  }
  up.warn('hyperopt.executor.type', "hyperopt.executor.type 'optuna' is Ludwig's native Optuna executor; Overture runs the same search as executor 'ray' with an optuna search_alg; upgraded.");
  executor.type = 'ray';
}

/**
 * Ludwig's optuna executor also reads `space: int` (trial.suggest_int: lower and upper included),
 * which Ludwig's schema does not register: the same space is `qrandint` with q 1.
 */
export function upgradeIntSpaces(hyperopt: Obj, up: UpgradeContext): void {
  if (!isPlainObject(hyperopt.parameters)) return;
  for (const [name, parameter] of Object.entries(hyperopt.parameters)) {
    if (!isPlainObject(parameter) || parameter.space !== 'int') continue;
    parameter.space = 'qrandint';
    if (!('q' in parameter)) parameter.q = 1;
    up.warn(`hyperopt.parameters.${name}.space`, "space 'int' is read only by Ludwig's optuna executor (an integer from lower to upper, both included): it is qrandint with q 1; upgraded.");
  }
}

const splitNames = new Set(['training', 'validation', 'test']);

/**
 * `metric: validation.combined.loss` (Ludwig's examples/hyperopt/config_optuna.yaml) names the
 * split, the output and the metric at once. Ludwig looks `metric` up as a metric name of
 * `output_feature` and would not find this one; the three parts are what it means, so they move to
 * split, output_feature and metric, unless split or output_feature already say something else.
 */
function upgradeDottedMetric(hyperopt: Obj, up: UpgradeContext): void {
  if (typeof hyperopt.metric !== 'string') return;
  const parts = hyperopt.metric.split('.');
  if (parts.length !== 3 || !splitNames.has(parts[0])) return;
  const [split, output, metric] = parts;
  if ((hyperopt.split !== undefined && hyperopt.split !== split) || (hyperopt.output_feature !== undefined && hyperopt.output_feature !== output)) return;
  up.warn('hyperopt.metric', `hyperopt.metric '${hyperopt.metric}' names split, output and metric at once; Ludwig reads metric as a metric name of output_feature (and would not find this one); read as split: ${split}, output_feature: ${output}, metric: ${metric}; upgraded.`);
  hyperopt.split = split;
  hyperopt.output_feature = output;
  hyperopt.metric = metric;
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
