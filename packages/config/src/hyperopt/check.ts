import type { ErrorDetail } from '../errors.js';
import { isOvertureError } from '../errors.js';
import { combinedMetrics, metricsByOutputType } from '../metrics.js';
import { formatPath, type PathSegment } from '../path.js';
import { didYouMean } from '../suggest.js';
import type { HyperoptConfig } from './index.js';
import type { HyperoptParameter } from './parameters.js';
import { applyParameters, parameterTarget } from './paths.js';

/** The values of a parameter that validation tries: every category, or both ends of a range. */
export function probeValues(p: HyperoptParameter): { at: string; value: unknown }[] {
  switch (p.space) {
    case 'choice':
      return p.categories.map((value, i) => ({ at: `categories[${i}]`, value }));
    case 'grid_search':
      return p.values.map((value, i) => ({ at: `values[${i}]`, value }));
    case 'randn':
    case 'qrandn':
      return [{ at: 'mean', value: p.mean }];
    case 'randint':
    case 'lograndint':
      return [{ at: 'lower', value: p.lower }, { at: 'upper', value: p.upper - 1 }];
    default:
      return [{ at: 'lower', value: p.lower }, { at: 'upper', value: p.upper }];
  }
}

interface OutputInfo { name: string; type: string }

/** Checks that need the resolved config's outputs: the optimized output, its metric, and the search algorithm's constraints. */
function findSectionProblems(h: HyperoptConfig, outputs: readonly OutputInfo[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const names = Object.keys(h.parameters);
  if (names.length === 0) {
    problems.push({ path: 'hyperopt.parameters', message: 'no parameters to search; add one, e.g. trainer.learning_rate: {space: loguniform, lower: 0.0001, upper: 0.1}' });
  }
  const output = outputs.find((o) => o.name === h.output_feature);
  if (h.output_feature !== 'combined' && !output) {
    problems.push({
      path: 'hyperopt.output_feature',
      message: `output_feature '${h.output_feature}' is not an output feature or 'combined'`,
      suggestion: didYouMean(h.output_feature, [...outputs.map((o) => o.name), 'combined']),
    });
  } else {
    const valid: readonly string[] = output ? (metricsByOutputType as Record<string, readonly string[]>)[output.type] ?? ['loss'] : combinedMetrics;
    if (!valid.includes(h.metric)) {
      const of = output ? `${output.type} output '${output.name}'` : 'the combined output';
      problems.push({ path: 'hyperopt.metric', message: `'${h.metric}' is not a metric of ${of}; valid: ${valid.join(', ')}`, suggestion: didYouMean(h.metric, valid) });
    }
  }
  if (h.search_alg.type !== 'variant_generator' && h.search_alg.type !== 'random') {
    for (const name of names) {
      if (h.parameters[name].space === 'grid_search') {
        problems.push({ path: `hyperopt.parameters.${name}.space`, message: `grid_search needs search_alg variant_generator (or random); ${h.search_alg.type} samples every parameter, use choice` });
      }
    }
  }
  h.search_alg.points_to_evaluate?.forEach((point, i) => {
    for (const key of Object.keys(point)) {
      if (!names.includes(key)) {
        problems.push({ path: `hyperopt.search_alg.points_to_evaluate[${i}].${key}`, message: `'${key}' is not a parameter of the search`, suggestion: didYouMean(key, names) });
      }
    }
  });
  const mode = h.executor.scheduler.mode;
  if (mode !== null && (mode === 'min') !== (h.goal === 'minimize')) {
    problems.push({ path: 'hyperopt.executor.scheduler.mode', message: `mode '${mode}' contradicts goal '${h.goal}'; leave mode out (it follows goal)` });
  }
  return problems;
}

/** Problems of a config without its hyperopt section (empty when it resolves). */
export type ProbeConfig = (raw: Record<string, unknown>) => ErrorDetail[];

/** A probe's problems, re-addressed to the parameter value that caused them. */
function blame(name: string, at: string, value: unknown, target: PathSegment[], details: ErrorDetail[]): ErrorDetail[] {
  const rest = name === '.' ? [] : name.split('.').slice(1);
  const head = target.slice(0, target.length - rest.length);
  return details.map((d) => {
    const shown = JSON.stringify(value);
    let suggestion: string | undefined;
    // An unknown key along the parameter's own path is a misspelt parameter: suggest the parameter.
    for (let k = 1; k <= rest.length && d.message.startsWith('unknown key'); k++) {
      if (d.path !== formatPath([...head, ...rest.slice(0, k)])) continue;
      const key = /'([^']+)'/.exec(d.suggestion ?? '')?.[1];
      if (key) suggestion = `did you mean '${[name.split('.')[0], ...rest.slice(0, k - 1), key, ...rest.slice(k)].join('.')}'?`;
    }
    // A path the config does not have is the parameter's problem, not one of its values'.
    if (suggestion !== undefined || (d.message.startsWith('unknown key') && formatPath(target).startsWith(d.path ?? '\u0000'))) {
      return { path: `hyperopt.parameters.${name}`, message: `'${name}' is not a parameter of this config: ${d.path}: ${d.message}`, suggestion: suggestion ?? d.suggestion };
    }
    const message = `${name} = ${shown && shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}: ${d.path ? `${d.path}: ` : ''}${d.message}`;
    return { path: `hyperopt.parameters.${name}.${at}`, message, suggestion: d.suggestion };
  });
}

/**
 * Validation resolves at most this many configs in all (each takes about a millisecond), so a huge
 * search space costs a bounded time: values past the budget are not checked here (a bad one fails
 * its trial, saying why).
 */
const probeBudget = 300;
/** Combinations are tried only when checking every value against every category stays this small. */
const maxCrossedProbes = 200;

/**
 * Every problem of a hyperopt section that the schema alone cannot see. Each parameter value is
 * applied to the config as written and the result resolved (`probe`): a path the config does not
 * have, a category its key does not accept, a bound out of the key's range. A value that is only valid
 * together with another parameter's category (an encoder option with `encoder.type` searched) is valid
 * when one such combination resolves.
 */
export function findHyperoptProblems(raw: Record<string, unknown>, h: HyperoptConfig, outputs: readonly OutputInfo[], probe: ProbeConfig): ErrorDetail[] {
  const problems = findSectionProblems(h, outputs);
  const base: Record<string, unknown> = { ...raw, hyperopt: null };
  const entries = Object.entries(h.parameters);
  const choices = entries.filter(([, p]) => p.space === 'choice' || p.space === 'grid_search');
  const single = entries.reduce((n, [, p]) => n + probeValues(p).length, 0);
  const crossed = single * (1 + choices.reduce((n, [, p]) => n + probeValues(p).length, 0));
  let budget = probeBudget;
  const counted: ProbeConfig = (config) => {
    budget--;
    return probe(config);
  };
  for (const [name, p] of entries) {
    const target = parameterTarget(raw, name);
    for (const { at, value } of probeValues(p)) {
      if (budget <= 0) break;
      const details = counted(applyParameters(base, { [name]: value }));
      if (details.length === 0) continue;
      const rescued = crossed <= maxCrossedProbes && choices.some(([other, q]) => other !== name
        && probeValues(q).some((c) => counted(applyParameters(base, { [other]: c.value, [name]: value })).length === 0));
      if (!rescued) problems.push(...blame(name, at, value, target, details));
    }
  }
  const seen = new Set<string>();
  return problems.filter((d) => {
    const key = `${d.path}\u0000${d.message}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}

/** `probe` for `findHyperoptProblems` from a resolver that throws OvertureErrors. */
export function probeWith(resolve: (raw: unknown) => unknown): ProbeConfig {
  return (raw) => {
    try {
      resolve(raw);
      return [];
    } catch (error) {
      if (isOvertureError(error)) return error.details.length > 0 ? error.details : [{ message: error.message }];
      throw error;
    }
  };
}
