import { readFile, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { runOverture } from '../lib/cli.js';

/** Ludwig-shaped test statistics: one object of metrics per output feature (plus `combined`). */
export type TestStatistics = Record<string, Record<string, unknown>>;

/** `overture init-config`: the auto-configured model, no hand tuning. */
export async function initConfig(dataset: string, targets: string[], output: string): Promise<void> {
  await runOverture(['init-config', '--dataset', dataset, '--target', targets.join(','), '--output', output]);
}

/** `overture experiment --json`: trains, evaluates on the test split, returns the statistics and wall time. */
export async function runExperiment(config: string, dataset: string, outputDirectory: string, seed: number): Promise<{ stats: TestStatistics; seconds: number }> {
  const result = await runOverture([
    'experiment', '--config', config, '--dataset', dataset, '--output-directory', outputDirectory, '--json', '--seed', String(seed),
  ]);
  return { stats: JSON.parse(result.stdout) as TestStatistics, seconds: result.seconds };
}

/** A number from the statistics of one output, or an error naming what is there instead. */
export function readMetric(stats: TestStatistics, output: string, metric: string): number {
  const value = stats[output]?.[metric];
  if (typeof value !== 'number') {
    const found = stats[output] ? Object.keys(stats[output]).join(', ') : `outputs ${Object.keys(stats).join(', ')}`;
    throw new Error(`test statistics have no numeric ${output}.${metric} (found ${found})`);
  }
  return value;
}

interface OutputFeature {
  name: string;
  dependencies?: string[];
  [key: string]: unknown;
}

/** Rewrites a YAML config, setting (or removing, with null) one output's `dependencies`. */
export async function setDependencies(config: string, output: string, dependencies: string[] | null, destination: string): Promise<void> {
  const doc = parse(await readFile(config, 'utf8')) as { output_features: OutputFeature[] };
  const feature = doc.output_features.find((f) => f.name === output);
  if (!feature) throw new Error(`${config} has no output feature '${output}'`);
  if (dependencies) feature.dependencies = dependencies;
  else delete feature.dependencies;
  await writeFile(destination, stringify(doc));
}
