import type { z } from 'zod';
import { OvertureError, type ErrorDetail } from './errors.js';
import { defaultConfigLimits, type ConfigLimits } from './limits.js';
import { ProblemList } from './problems.js';
import { withEncoderPreprocessing } from './features/text.js';
import { combinedMetrics, metricsByOutputType } from './metrics.js';
import type { ResolvedConfig, ZModelConfig } from './schema.js';
import { didYouMean } from './suggest.js';
import { addUnsupported } from './unsupported.js';
import { addSequenceProblems } from './sequence-checks.js';
import { addSegmentationProblems } from './segmentation-checks.js';
import { CONFIG_VERSION } from './version.js';

/** A config as the schema outputs it, before the cross-field checks. */
export type ParsedConfig = z.output<typeof ZModelConfig>;

export interface ConfigProblems {
  /** Mistakes: the config contradicts itself (the first `maxReportedProblems`, and the count). */
  invalid: ProblemList;
  /** Valid Ludwig, but not something Overture can train yet. */
  unsupported: ProblemList;
}

/**
 * Checks that span several fields (names, dependencies, validation metric) and what Overture supports.
 * Lookups by name go through maps, so a config with thousands of features costs one pass.
 */
export function findConfigProblems(config: ParsedConfig, limits: Pick<ConfigLimits, 'maxReportedProblems'> = defaultConfigLimits): ConfigProblems {
  const invalid = new ProblemList(limits.maxReportedProblems);
  const unsupported = new ProblemList(limits.maxReportedProblems);

  if (config.model_type !== 'ecd') {
    unsupported.add(() => ({ path: 'model_type', message: `model_type: ${config.model_type} is not supported yet; only ecd models can be trained` }));
  }

  // Names are unique across inputs and outputs (they key predictions, metrics and hyperopt paths).
  const seen = new Map<string, string>();
  const visit = (name: string, path: string) => {
    const first = seen.get(name);
    if (first) invalid.add(() => ({ path: `${path}.name`, message: `feature name '${name}' is used twice (also at ${first}); names must be unique across inputs and outputs` }));
    else seen.set(name, path);
  };
  config.input_features.forEach((f, i) => visit(f.name, `input_features[${i}]`));
  config.output_features.forEach((f, i) => visit(f.name, `output_features[${i}]`));

  const inputsByName = new Map<string, (typeof config.input_features)[number]>();
  for (const f of config.input_features) if (!inputsByName.has(f.name)) inputsByName.set(f.name, f);
  addUnsupported(config, unsupported);
  config.input_features.forEach((f, i) => {
    const tied = f.tied;
    if (tied !== null) {
      const target = inputsByName.get(tied);
      if (!target) {
        invalid.add(() => ({
          path: `input_features[${i}].tied`,
          message: `tied names '${tied}', which is not an input feature`,
          suggestion: didYouMean(tied, inputsByName.keys()),
        }));
      } else if (target.type !== f.type) {
        invalid.add(() => ({ path: `input_features[${i}].tied`, message: `tied feature '${tied}' is a ${target.type} feature; it must be ${f.type} like '${f.name}'` }));
      }
    }
  });

  const outputNames = config.output_features.map((f) => f.name);
  const outputSet = new Set(outputNames);
  config.output_features.forEach((f, i) => {
    f.dependencies.forEach((dep, j) => {
      if (dep === f.name) invalid.add(() => ({ path: `output_features[${i}].dependencies[${j}]`, message: `output '${f.name}' cannot depend on itself` }));
      else if (!outputSet.has(dep)) {
        invalid.add(() => ({
          path: `output_features[${i}].dependencies[${j}]`,
          message: `dependency '${dep}' is not an output feature`,
          suggestion: didYouMean(dep, outputNames),
        }));
      }
    });
  });
  const cycle = findDependencyCycle(config.output_features);
  if (cycle) {
    const index = config.output_features.findIndex((f) => f.name === cycle[0]);
    invalid.add(() => ({ path: `output_features[${index}].dependencies`, message: `output dependencies form a cycle: ${cycle.join(' → ')}` }));
  }

  addSequenceProblems(config, invalid, unsupported);
  addSegmentationProblems(config, invalid, unsupported);

  const { validation_field: field, validation_metric: metric } = config.trainer;
  if (field !== null && field !== 'combined' && !outputSet.has(field)) {
    invalid.add(() => ({
      path: 'trainer.validation_field',
      message: `validation_field '${field}' is not an output feature or 'combined'`,
      suggestion: didYouMean(field, [...outputNames, 'combined']),
    }));
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
      invalid.add(() => ({
        path: 'trainer.validation_metric',
        message: `'${metric}' is not a metric of ${of}; valid: ${valid.join(', ')}`,
        suggestion: didYouMean(metric, valid),
      }));
    }
  }
  return { invalid, unsupported };
}

/**
 * Returns the names along a dependency cycle (first name repeated at the end), or null. Depth-first
 * with an explicit stack: a chain of thousands of outputs must not overflow the call stack.
 */
export function findDependencyCycle(outputs: readonly { name: string; dependencies: readonly string[] }[]): string[] | null {
  const deps = new Map(outputs.map((o) => [o.name, o.dependencies]));
  const state = new Map<string, 'visiting' | 'done'>();
  for (const o of outputs) {
    if (state.has(o.name)) continue;
    // Each frame is a name on the current path and the index of its next dependency to follow.
    const path: { name: string; next: number }[] = [{ name: o.name, next: 0 }];
    state.set(o.name, 'visiting');
    while (path.length > 0) {
      const frame = path[path.length - 1];
      const list = deps.get(frame.name) ?? [];
      if (frame.next >= list.length) {
        state.set(frame.name, 'done');
        path.pop();
        continue;
      }
      const dep = list[frame.next++];
      if (!deps.has(dep) || dep === frame.name) continue;
      const seen = state.get(dep);
      if (seen === 'visiting') {
        const start = path.findIndex((f) => f.name === dep);
        return [...path.slice(start).map((f) => f.name), dep];
      }
      if (seen === undefined) {
        state.set(dep, 'visiting');
        path.push({ name: dep, next: 0 });
      }
    }
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
export function validateConfig(config: ParsedConfig, limits: Pick<ConfigLimits, 'maxReportedProblems'> = defaultConfigLimits): ResolvedConfig {
  const { invalid, unsupported } = findConfigProblems(config, limits);
  const refuse = (code: 'invalid_config' | 'unsupported', problems: ProblemList) =>
    new OvertureError(code, summarize(problems.items, problems.total), problems.items, problems.total);
  // Every problem at once: what Overture cannot train yet is listed beside the mistakes.
  if (invalid.total > 0) {
    invalid.addAll(unsupported.items, unsupported.total);
    throw refuse('invalid_config', invalid);
  }
  if (unsupported.total > 0) throw refuse('unsupported', unsupported);
  const field = config.trainer.validation_field ?? defaultValidationField(config);
  const output = config.output_features.find((f) => f.name === field);
  const metric =
    config.trainer.validation_metric ?? (field === 'combined' || !output?.default_validation_metric ? 'loss' : output.default_validation_metric);
  return {
    ...config,
    input_features: config.input_features.map(withEncoderPreprocessing),
    overture_version: CONFIG_VERSION,
    trainer: { ...config.trainer, validation_field: field, validation_metric: metric },
  } as ResolvedConfig;
}

/** One line naming the reported problems (and how many more there are), for logs and the CLI. */
export function summarize(details: readonly ErrorDetail[], total = details.length): string {
  const lines = details.map((d) => {
    const where = d.line !== undefined ? `line ${d.line}: ` : '';
    const path = d.path ? `${d.path}: ` : '';
    return `${where}${path}${d.message}${d.suggestion ? ` (${d.suggestion})` : ''}`;
  });
  const count = Math.max(total, details.length);
  const head = count === 1 ? 'The config has a problem' : `The config has ${count.toLocaleString('en-US')} problems`;
  const more = count > details.length ? `; and ${(count - details.length).toLocaleString('en-US')} more` : '';
  return `${head}: ${lines.join('; ')}${more}`;
}
