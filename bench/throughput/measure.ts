import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runOverture } from '../lib/cli.js';
import { python } from '../lib/paths.js';
import { runChecked, runCommand } from '../lib/run.js';

export interface CliTimings {
  /** Wall seconds of each `overture train` run, in run order. */
  one_epoch_s: number[];
  four_epochs_s: number[];
  samples_per_s: number;
  backend: string;
  /** Parameter count of the trained model (bundle.json; batch-norm running statistics included). */
  parameters: number;
}

/**
 * Times `overture train` at 1 and 4 epochs (alternating, `repeats` each, min of each) so that
 * start-up, reading, preprocessing and saving cancel: samples/s = 3 · rows / (t4 − t1).
 */
export async function measureCli(
  rows: number, dataset: string, workDir: string, writeConfig: (file: string, epochs: number) => Promise<void>, repeats = 2,
): Promise<CliTimings> {
  const configs = { 1: join(workDir, 'epochs-1.yaml'), 4: join(workDir, 'epochs-4.yaml') } as const;
  await writeConfig(configs[1], 1);
  await writeConfig(configs[4], 4);
  const times: Record<1 | 4, number[]> = { 1: [], 4: [] };
  let backend = 'unknown';
  for (let r = 0; r < repeats; r++) {
    for (const epochs of [1, 4] as const) {
      const run = await runOverture(['train', '--config', configs[epochs], '--dataset', dataset, '--output-directory', join(workDir, `out-${epochs}-${r}`)]);
      times[epochs].push(run.seconds);
      backend = /backend (\S+)/.exec(run.stderr)?.[1] ?? backend;
    }
  }
  const perThreeEpochs = Math.min(...times[4]) - Math.min(...times[1]);
  const bundle = JSON.parse(await readFile(join(workDir, 'out-4-0', 'model', 'bundle.json'), 'utf8')) as { parameters: number };
  return { one_epoch_s: times[1], four_epochs_s: times[4], samples_per_s: Math.round((3 * rows) / perThreeEpochs), backend, parameters: bundle.parameters };
}

export interface ReferenceTimings {
  /** samples_per_s of each run; the best is taken (the reference's own noise only slows it down). */
  runs: number[];
  samples_per_s: number;
  details: Record<string, unknown>;
}

/** Checks that Debian's python3 with torch and pandas is there; returns why not otherwise. */
export async function referenceUnavailable(): Promise<string | null> {
  if (!existsSync(python)) return `${python} is missing`;
  const probe = await runCommand(python, ['-c', 'import torch, pandas']);
  return probe.code === 0 ? null : 'torch or pandas is missing (apt-get install -y python3-torch python3-pandas)';
}

/** Runs a reference script that prints one JSON line with samples_per_s, `repeats` times; keeps the max. */
export async function measureReference(script: string, args: string[], repeats = 2): Promise<ReferenceTimings> {
  const runs: number[] = [];
  let details: Record<string, unknown> = {};
  for (let r = 0; r < repeats; r++) {
    const run = await runChecked(python, [script, ...args]);
    details = JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, unknown>;
    runs.push(Number(details.samples_per_s));
  }
  return { runs, samples_per_s: Math.max(...runs), details };
}

/** The resolved config (every default filled in), which the PyTorch twin builds its network from. */
export async function writeResolvedConfig(config: string, destination: string): Promise<void> {
  const run = await runOverture(['render-config', '--config', config, '--json']);
  await writeFile(destination, run.stdout);
}
