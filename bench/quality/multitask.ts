import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { mean, std } from '../lib/stats.js';
import { initConfig, readMetric, runExperiment, setDependencies } from './experiment.js';
import { writeSplitCopy } from './split-dataset.js';

/** One model on tickets.csv predicting all three targets, reading ticket_text through tf_idf. */
const outputs = [
  { name: 'intent', metric: 'accuracy' },
  { name: 'priority', metric: 'accuracy' },
  { name: 'resolution_hours', metric: 'r2' },
] as const;

export interface OutputSummary {
  output: string;
  metric: string;
  scores: number[];
  mean: number;
  std: number;
}

export interface MultitaskVariant {
  variant: 'without dependency' | 'priority depends on intent';
  dependencies: string[] | null;
  seeds: number[];
  outputs: OutputSummary[];
  /** Mean wall time of one `overture experiment`, seconds. */
  seconds: number;
}

export async function runMultitask(workDir: string, seeds: number[]): Promise<MultitaskVariant[]> {
  const dir = join(workDir, 'tickets-multitask');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'tickets.csv');
  await writeSplitCopy('tickets', [], csv);
  const auto = join(dir, 'auto.yaml');
  await initConfig(csv, outputs.map((o) => o.name), auto);

  const variants: MultitaskVariant[] = [];
  for (const [variant, dependencies] of [['without dependency', null], ['priority depends on intent', ['intent']]] as const) {
    const config = join(dir, dependencies ? 'with-dependency.yaml' : 'without-dependency.yaml');
    await setDependencies(auto, 'priority', dependencies ? [...dependencies] : null, config);
    const scores = new Map<string, number[]>(outputs.map((o) => [o.name, []]));
    const times: number[] = [];
    for (const seed of seeds) {
      const { stats, seconds } = await runExperiment(config, csv, join(dir, `out-${dependencies ? 'dep' : 'nodep'}-${seed}`), seed);
      for (const o of outputs) scores.get(o.name)?.push(readMetric(stats, o.name, o.metric));
      times.push(seconds);
    }
    variants.push({
      variant,
      dependencies: dependencies ? [...dependencies] : null,
      seeds,
      outputs: outputs.map((o) => {
        const values = scores.get(o.name) ?? [];
        return { output: o.name, metric: o.metric, scores: values, mean: mean(values), std: std(values) };
      }),
      seconds: mean(times),
    });
  }
  return variants;
}
