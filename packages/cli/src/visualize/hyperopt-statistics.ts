import { OvertureError } from '@overture/config';
import { readJsonFile } from './inputs.js';

/** Ray Tune's search spaces as Ludwig's hyperopt_report groups them (visualization_utils' three sets). */
const floatSpaces = ['uniform', 'quniform', 'loguniform', 'qloguniform', 'randn', 'qrandn'];
const intSpaces = ['randint', 'qrandint', 'lograndint', 'qlograndint'];
const categorySpaces = ['choice', 'grid_search'];

export type ParameterKind = 'float' | 'int' | 'category';

export interface HyperoptParameter {
  name: string;
  space: string;
  kind: ParameterKind;
  /** A log x axis: Ludwig's `scale: log`, or a log-sampled space (its values span decades). */
  log: boolean;
  /** A choice's declared options (`categories`, or `values` of grid_search), in the config's order. */
  options: string[];
}

export interface HyperoptTrial {
  parameters: Record<string, unknown>;
  metric_score: number;
}

/** Ludwig's `hyperopt_statistics.json`: the hyperopt config (`parameters`, `metric`, …) and one result per trial. */
export interface HyperoptStatistics {
  metric: string;
  goal: string | null;
  parameters: HyperoptParameter[];
  trials: HyperoptTrial[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function kindOf(space: string): ParameterKind | null {
  if (floatSpaces.includes(space)) return 'float';
  if (intSpaces.includes(space)) return 'int';
  if (categorySpaces.includes(space)) return 'category';
  return null;
}

export async function readHyperoptStatistics(file: string): Promise<HyperoptStatistics> {
  const value = await readJsonFile(file, 'hyperopt_stats_path');
  const bad = (why: string) => new OvertureError('invalid_input', `${file} is not a hyperopt_statistics.json file: ${why}: pass the hyperopt_statistics.json that \`overture hyperopt\` or \`ludwig hyperopt\` wrote`);
  if (!isRecord(value) || !isRecord(value.hyperopt_config)) throw bad('it has no "hyperopt_config" section');
  const config = value.hyperopt_config;
  if (!isRecord(config.parameters) || Object.keys(config.parameters).length === 0) throw bad('hyperopt_config has no "parameters"');
  if (typeof config.metric !== 'string') throw bad('hyperopt_config has no "metric"');
  if (!Array.isArray(value.hyperopt_results)) throw bad('it has no "hyperopt_results" list');
  const parameters = Object.entries(config.parameters).map(([name, spec]): HyperoptParameter => {
    const space = isRecord(spec) && typeof spec.space === 'string' ? spec.space : null;
    if (space === null) throw bad(`parameter ${name} has no "space"`);
    const kind = kindOf(space);
    if (kind === null) {
      throw new OvertureError('unsupported', `hyperopt parameter ${name} has space '${space}', which hyperopt_report does not support yet (Ludwig plots ${[...floatSpaces, ...intSpaces, ...categorySpaces].join(', ')})`);
    }
    const log = (isRecord(spec) && spec.scale === 'log') || /^q?log/.test(space);
    const declared = isRecord(spec) ? (Array.isArray(spec.categories) ? spec.categories : Array.isArray(spec.values) ? spec.values : []) : [];
    return { name, space, kind, log, options: declared.map(String) };
  });
  const trials = value.hyperopt_results.map((trial, i): HyperoptTrial => {
    if (!isRecord(trial) || !isRecord(trial.parameters)) throw bad(`hyperopt_results[${i}] has no "parameters"`);
    if (typeof trial.metric_score !== 'number' || !Number.isFinite(trial.metric_score)) throw bad(`hyperopt_results[${i}] has no numeric "metric_score"`);
    for (const p of parameters) {
      const v = trial.parameters[p.name];
      if (v === undefined) throw bad(`hyperopt_results[${i}] has no value for parameter ${p.name}`);
      if (p.kind !== 'category' && typeof v !== 'number') throw bad(`hyperopt_results[${i}]: parameter ${p.name} (${p.space}) is ${JSON.stringify(v)}, not a number`);
    }
    return { parameters: trial.parameters, metric_score: trial.metric_score };
  });
  if (trials.length === 0) throw bad('hyperopt_results is empty (no trial finished)');
  return { metric: config.metric, goal: typeof config.goal === 'string' ? config.goal : null, parameters, trials };
}
