/**
 * Benchmark: `overture hyperopt` (built CLI) on ../shared/datasets/football_results.csv (6508 matches:
 * home/draw/away from the two teams and the division, embedded categories), 12 trials of 8 epochs
 * drawn with one seed, so every run trains the same parameter sets. Each trial trains for seconds,
 * so training, not starting the processes, is what the workers share (on seattle_weather a trial
 * took 0.2 s and start-up was most of the wall time). Per run it reports the share of the wall time
 * spent before the trial processes were ready (the CLI's and the processes' start-up):
 *   - fifo with --workers 1 and --workers 2: wall-time speed-up of the search (target ≥ 1.7× on 2 cores);
 *   - async_hyperband against fifo at 2 workers: epochs trained in all (target ≥ 40% fewer) and the
 *     best validation accuracy (target: within 1 point).
 * The load average is printed with each run: other processes on the machine lower the speed-up.
 *
 *   npm run bench -- hyperopt [--trials N] [--epochs N] [--keep]
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli, runOverture } from './lib/cli.js';
import { datasetsDir } from './lib/paths.js';
import { writeResults } from './lib/results.js';
import { formatTable } from './lib/table.js';

const args = process.argv.slice(2);
const numberArg = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const trials = numberArg('--trials', 12);
const epochs = numberArg('--epochs', 8);
const keep = args.includes('--keep');

function config(scheduler: string): string {
  return `input_features:
  - {name: home_team, type: category}
  - {name: away_team, type: category}
  - {name: division, type: category}
output_features:
  - {name: result, type: category}
trainer: {epochs: ${epochs}, batch_size: 32, early_stop: -1}
hyperopt:
  goal: maximize
  output_feature: result
  metric: accuracy
  parameters:
    trainer.learning_rate: {space: loguniform, lower: 0.0001, upper: 0.03}
    combiner.output_size: {space: choice, categories: [32, 128]}
    combiner.num_fc_layers: {space: randint, lower: 1, upper: 4}
  search_alg: {type: variant_generator, random_state: 7}
  executor:
    num_samples: ${trials}
    time_budget_s: null
    scheduler: ${scheduler}
`;
}

interface Run { label: string; workers: number; seconds: number; startupSeconds: number; epochs: number; best: number; load: number }

async function run(dir: string, label: string, scheduler: string, workers: number): Promise<Run> {
  const file = join(dir, `${label}.yaml`);
  await writeFile(file, config(scheduler));
  const out = join(dir, label);
  const load = loadavg()[0];
  process.stderr.write(`${label}: ${trials} trials on ${workers} worker(s), load ${load.toFixed(2)}…\n`);
  const result = await runOverture(['hyperopt', '--config', file, '--dataset', join(datasetsDir, 'football_results.csv'), '--output-directory', out, '--workers', String(workers)]);
  const stats = JSON.parse(await readFile(join(out, 'hyperopt_statistics.json'), 'utf8')) as {
    hyperopt_results: { metric_score: number; training_stats: { validation: { result: { accuracy: number[] } } } }[];
  };
  const trained = stats.hyperopt_results.reduce((n, t) => n + t.training_stats.validation.result.accuracy.length, 0);
  // The CLI's own start-up (node, the training stack) plus its processes' (they start in parallel).
  const summary = /in ([\d.]+) s, ([\d.]+) s of it starting the trial processes/.exec(result.stderr);
  if (!summary) throw new Error(`no study summary in the CLI's output:\n${result.stderr.slice(-2000)}`);
  const startupSeconds = result.seconds - Number(summary[1]) + Number(summary[2]);
  return { label, workers, seconds: result.seconds, startupSeconds, epochs: trained, best: stats.hyperopt_results[0].metric_score, load };
}

requireBuiltCli();
const dir = await mkdtemp(join(tmpdir(), 'overture-bench-hyperopt-'));
try {
  const fifo1 = await run(dir, 'fifo-1-worker', '{type: fifo}', 1);
  const fifo2 = await run(dir, 'fifo-2-workers', '{type: fifo}', 2);
  const asha = await run(dir, 'asha-2-workers', `{type: async_hyperband, max_t: ${epochs}, grace_period: 1, reduction_factor: 3}`, 2);
  const speedUp = fifo1.seconds / fifo2.seconds;
  const fewerEpochs = 1 - asha.epochs / fifo2.epochs;
  console.log(formatTable(
    ['run', 'workers', 'wall s', 'start-up s', 'start-up share', 'epochs trained', 'best val accuracy', 'load avg at start'],
    [fifo1, fifo2, asha].map((r) => [
      r.label, String(r.workers), r.seconds.toFixed(1), r.startupSeconds.toFixed(1), `${(100 * r.startupSeconds / r.seconds).toFixed(0)}%`,
      String(r.epochs), r.best.toFixed(4), r.load.toFixed(2),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  ));
  console.log(`\nspeed-up 2 vs 1 worker: ${speedUp.toFixed(2)}× (target ≥ 1.7×)`);
  console.log(`async_hyperband: ${(100 * fewerEpochs).toFixed(0)}% fewer epochs than fifo (target ≥ 40%), best ${(100 * (asha.best - fifo2.best)).toFixed(1)} points from fifo's (target within 1)`);
  const file = await writeResults('hyperopt', {
    trials, epochs, runs: [fifo1, fifo2, asha], speed_up: speedUp, asha_fewer_epochs: fewerEpochs, asha_best_delta: asha.best - fifo2.best,
    verdicts: { speed_up: speedUp >= 1.7, asha_fewer_epochs: fewerEpochs >= 0.4, asha_best_within_1_point: fifo2.best - asha.best <= 0.01 },
  });
  console.log(`\nresults: ${file}`);
} finally {
  if (keep) console.log(`kept ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
