import type { z } from 'zod';
import { unsupportedCombinerTypes } from './combiners/index.js';
import { OvertureError, type ErrorDetail } from './errors.js';
import { trainableInputTypes, trainableOutputTypes } from './feature-types.js';
import { combinedMetrics, metricsByOutputType } from './metrics.js';
import type { ResolvedConfig, ZModelConfig } from './schema.js';
import { didYouMean } from './suggest.js';
import { CONFIG_VERSION } from './version.js';

/** A config as the schema outputs it, before the cross-field checks. */
export type ParsedConfig = z.output<typeof ZModelConfig>;

export interface ConfigProblems {
  /** Mistakes: the config contradicts itself. */
  invalid: ErrorDetail[];
  /** Valid Ludwig, but not something Overture can train yet. */
  unsupported: ErrorDetail[];
}

/** Checks that span several fields (names, dependencies, validation metric) and what Overture supports. */
export function findConfigProblems(config: ParsedConfig): ConfigProblems {
  const invalid: ErrorDetail[] = [];
  const unsupported: ErrorDetail[] = [];

  if (config.model_type !== 'ecd') {
    unsupported.push({ path: 'model_type', message: `model_type: ${config.model_type} is not supported yet; only ecd models can be trained` });
  }

  // Names are unique across inputs and outputs (they key predictions, metrics and hyperopt paths).
  const seen = new Map<string, string>();
  const visit = (name: string, path: string) => {
    const first = seen.get(name);
    if (first) invalid.push({ path: `${path}.name`, message: `feature name '${name}' is used twice (also at ${first}); names must be unique across inputs and outputs` });
    else seen.set(name, path);
  };
  config.input_features.forEach((f, i) => visit(f.name, `input_features[${i}]`));
  config.output_features.forEach((f, i) => visit(f.name, `output_features[${i}]`));

  config.input_features.forEach((f, i) => {
    if (!(trainableInputTypes as readonly string[]).includes(f.type)) {
      unsupported.push({ path: `input_features[${i}].type`, message: `${f.type} input features are not supported yet (feature '${f.name}')` });
    }
    if (f.tied !== null) {
      const target = config.input_features.find((g) => g.name === f.tied);
      if (!target) {
        invalid.push({
          path: `input_features[${i}].tied`,
          message: `tied names '${f.tied}', which is not an input feature`,
          suggestion: didYouMean(f.tied, config.input_features.map((g) => g.name)),
        });
      } else if (target.type !== f.type) {
        invalid.push({ path: `input_features[${i}].tied`, message: `tied feature '${f.tied}' is a ${target.type} feature; it must be ${f.type} like '${f.name}'` });
      }
    }
  });

  const outputNames = config.output_features.map((f) => f.name);
  config.output_features.forEach((f, i) => {
    if (!(trainableOutputTypes as readonly string[]).includes(f.type)) {
      unsupported.push({ path: `output_features[${i}].type`, message: `${f.type} output features are not supported yet (feature '${f.name}')` });
    }
    f.dependencies.forEach((dep, j) => {
      if (dep === f.name) invalid.push({ path: `output_features[${i}].dependencies[${j}]`, message: `output '${f.name}' cannot depend on itself` });
      else if (!outputNames.includes(dep)) {
        invalid.push({
          path: `output_features[${i}].dependencies[${j}]`,
          message: `dependency '${dep}' is not an output feature`,
          suggestion: didYouMean(dep, outputNames),
        });
      }
    });
  });
  const cycle = findDependencyCycle(config.output_features);
  if (cycle) {
    const index = config.output_features.findIndex((f) => f.name === cycle[0]);
    invalid.push({ path: `output_features[${index}].dependencies`, message: `output dependencies form a cycle: ${cycle.join(' → ')}` });
  }

  if ((unsupportedCombinerTypes as readonly string[]).includes(config.combiner.type)) {
    unsupported.push({ path: 'combiner.type', message: `combiner ${config.combiner.type} is not supported yet; use concat` });
  }

  const { validation_field: field, validation_metric: metric } = config.trainer;
  if (field !== null && field !== 'combined' && !outputNames.includes(field)) {
    invalid.push({
      path: 'trainer.validation_field',
      message: `validation_field '${field}' is not an output feature or 'combined'`,
      suggestion: didYouMean(field, [...outputNames, 'combined']),
    });
  } else if (metric !== null) {
    const resolvedField = field ?? defaultValidationField(config);
    const output = config.output_features.find((f) => f.name === resolvedField);
    const valid: readonly string[] =
      resolvedField === 'combined'
        ? combinedMetrics
        : output && output.type in metricsByOutputType
          ? metricsByOutputType[output.type as keyof typeof metricsByOutputType]
          : [];
    if (valid.length > 0 && !valid.includes(metric)) {
      const of = resolvedField === 'combined' ? 'the combined output' : `${output?.type} output '${resolvedField}'`;
      invalid.push({
        path: 'trainer.validation_metric',
        message: `'${metric}' is not a metric of ${of}; valid: ${valid.join(', ')}`,
        suggestion: didYouMean(metric, valid),
      });
    }
  }
  return { invalid, unsupported };
}

/** Returns the names along a dependency cycle (first name repeated at the end), or null. */
export function findDependencyCycle(outputs: readonly { name: string; dependencies: readonly string[] }[]): string[] | null {
  const deps = new Map(outputs.map((o) => [o.name, o.dependencies]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of deps.get(name) ?? []) {
      if (!deps.has(dep) || dep === name) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const o of outputs) {
    const cycle = visit(o.name);
    if (cycle) return cycle;
  }
  return null;
}

/** Ludwig: one output → that output; several → `combined`. */
function defaultValidationField(config: Pick<ParsedConfig, 'output_features'>): string {
  return config.output_features.length === 1 ? config.output_features[0].name : 'combined';
}

/**
 * Runs the cross-field checks on a schema-parsed config and returns it resolved: `validation_field`
 * and `validation_metric` filled in, `overture_version` stamped. Throws `invalid_config` listing every
 * mistake, else `unsupported` listing what Overture cannot train yet.
 */
export function validateConfig(config: ParsedConfig): ResolvedConfig {
  const { invalid, unsupported } = findConfigProblems(config);
  if (invalid.length > 0) throw new OvertureError('invalid_config', summarize(invalid), invalid);
  if (unsupported.length > 0) throw new OvertureError('unsupported', summarize(unsupported), unsupported);
  const field = config.trainer.validation_field ?? defaultValidationField(config);
  const output = config.output_features.find((f) => f.name === field);
  const metric =
    config.trainer.validation_metric ?? (field === 'combined' || !output?.default_validation_metric ? 'loss' : output.default_validation_metric);
  return {
    ...config,
    overture_version: CONFIG_VERSION,
    trainer: { ...config.trainer, validation_field: field, validation_metric: metric },
  } as ResolvedConfig;
}

/** One line naming every problem, for logs and the CLI. */
export function summarize(details: readonly ErrorDetail[]): string {
  const lines = details.map((d) => {
    const where = d.line !== undefined ? `line ${d.line}: ` : '';
    const path = d.path ? `${d.path}: ` : '';
    return `${where}${path}${d.message}${d.suggestion ? ` (${d.suggestion})` : ''}`;
  });
  const head = details.length === 1 ? 'The config has a problem' : `The config has ${details.length} problems`;
  return `${head}: ${lines.join('; ')}`;
}
