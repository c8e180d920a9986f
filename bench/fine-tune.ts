/**
 * Benchmark: fine-tuning (Ludwig's model_load_path, `overture train --model-load-path`) on a small
 * training set from a shifted domain, against the same config trained from scratch on the same
 * rows with the same budget. Each task splits a dataset of ../shared/datasets by one column into a
 * source domain (all its rows outside the README's test rows) and a target domain, of which only
 * `--rows` seeded training rows are given; both models are scored on the target domain's README
 * test rows.
 *
 *   npm run bench -- fine-tune [--seeds N] [--rows N] [--only tickets,weather] [--keep]
 *
 * Tasks (chosen before any run, not tuned on their results):
 * - tickets: intent from the ticket text and fields; source = email and chat tickets, target = phone.
 * - weather: seattle_weather's weather; source = 2012–2014, target = 2015.
 * The config is `init-config`'s, unchanged except a fixed epoch budget (the same for both arms).
 * Writes bench/results/fine-tune.json.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { requireBuiltCli, runOverture, positiveIntOption } from './lib/cli.js';
import { readCsv, writeCsv, type CsvTable } from './lib/csv.js';
import { datasetsDir } from './lib/paths.js';
import { seededRandom } from './lib/random.js';
import { writeResults } from './lib/results.js';
import { mean, round, std } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { initConfig, readMetric, type TestStatistics } from './quality/experiment.js';
import { readTestRows } from './quality/split-dataset.js';

interface Task {
  name: string;
  dataset: string;
  target: string;
  metric: 'accuracy';
  /** Which rows belong to the target domain (the rest is the source domain). */
  inTarget: (row: Record<string, string>) => boolean;
  domain: string;
}

const tasks: Task[] = [
  { name: 'tickets', dataset: 'tickets', target: 'intent', metric: 'accuracy', inTarget: (r) => r.channel === 'phone', domain: 'source: email and chat; target: phone' },
  { name: 'weather', dataset: 'seattle_weather', target: 'weather', metric: 'accuracy', inTarget: (r) => r.date.startsWith('2015'), domain: 'source: 2012–2014; target: 2015' },
];

/** The same number of epochs for pretraining, fine-tuning and training from scratch. */
const EPOCHS = 30;

function options(args: string[]) {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const seeds = positiveIntOption('seeds', 3);
  return {
    seeds: Array.from({ length: seeds }, (_, i) => 42 + i),
    rows: positiveIntOption('rows', 100),
    only: value('--only')?.split(',') ?? null,
    keep: args.includes('--keep'),
  };
}

function withSplit(table: CsvTable, rows: number[], split: string): string[][] {
  return rows.map((i) => [...(table.rows[i] as string[]), split]);
}

async function experiment(config: string, dataset: string, out: string, seed: number, modelLoadPath?: string): Promise<TestStatistics> {
  const result = await runOverture([
    'experiment', '--config', config, '--dataset', dataset, '--output-directory', out, '--json', '--seed', String(seed),
    ...(modelLoadPath ? ['--model-load-path', modelLoadPath] : []),
  ]);
  return JSON.parse(result.stdout) as TestStatistics;
}

async function runTask(task: Task, workDir: string, seeds: number[], rowsGiven: number) {
  const dir = join(workDir, task.name);
  await mkdir(dir, { recursive: true });
  const table = await readCsv(join(datasetsDir, `${task.dataset}.csv`));
  const test = await readTestRows(task.dataset);
  const record = (i: number) => Object.fromEntries(table.header.map((h, j) => [h, (table.rows[i] as string[])[j] as string]));
  const all = table.rows.map((_, i) => i);
  const source = all.filter((i) => !test.has(i) && !task.inTarget(record(i)));
  const targetPool = all.filter((i) => !test.has(i) && task.inTarget(record(i)));
  const targetTest = all.filter((i) => test.has(i) && task.inTarget(record(i)));
  const header = [...table.header, 'split'];

  // Source domain: 90% training, 10% validation (seeded), no test rows of its own.
  const sourceCsv = join(dir, 'source.csv');
  const shuffledSource = shuffle(source, 7);
  const sourceValidation = shuffledSource.slice(0, Math.round(source.length * 0.1));
  await writeCsv(sourceCsv, { header, rows: [...withSplit(table, shuffledSource.slice(sourceValidation.length), '0'), ...withSplit(table, sourceValidation, '1')] });
  const config = join(dir, 'config.yaml');
  await initConfig(sourceCsv, [task.target], config);
  const doc = parse(await readFile(config, 'utf8')) as { trainer?: Record<string, unknown> };
  doc.trainer = { ...doc.trainer, epochs: EPOCHS };
  await writeFile(config, stringify(doc));

  const tuned: number[] = [];
  const scratch: number[] = [];
  const pretrained: number[] = [];
  for (const seed of seeds) {
    // The small target-domain set: `rowsGiven` training rows and a fifth as many validation rows, then its test rows.
    const picked = shuffle(targetPool, seed).slice(0, Math.round(rowsGiven * 1.2));
    const small = join(dir, `target-${seed}.csv`);
    await writeCsv(small, { header, rows: [...withSplit(table, picked.slice(0, rowsGiven), '0'), ...withSplit(table, picked.slice(rowsGiven), '1'), ...withSplit(table, targetTest, '2')] });
    const base = join(dir, `source-${seed}`);
    await experiment(config, sourceCsv, base, seed);
    // How the source model does on the target domain with no training on it (the starting point).
    const zeroShot = await runOverture(['evaluate', '--model', join(base, 'model'), '--dataset', small, '--split', 'test', '--json']);
    pretrained.push(readMetric(JSON.parse(zeroShot.stdout) as TestStatistics, task.target, task.metric));
    tuned.push(readMetric(await experiment(config, small, join(dir, `tuned-${seed}`), seed, base), task.target, task.metric));
    scratch.push(readMetric(await experiment(config, small, join(dir, `scratch-${seed}`), seed), task.target, task.metric));
    process.stderr.write(`${task.name} seed ${seed}: source model ${pretrained.at(-1)!.toFixed(3)}, fine-tuned ${tuned.at(-1)!.toFixed(3)}, from scratch ${scratch.at(-1)!.toFixed(3)}\n`);
  }
  return {
    task: task.name, dataset: task.dataset, target: task.target, metric: task.metric, domain: task.domain,
    source_rows: source.length, target_training_rows: rowsGiven, target_test_rows: targetTest.length, epochs: EPOCHS, seeds,
    source_model: pretrained, fine_tuned: tuned, from_scratch: scratch,
    fine_tuned_mean: round(mean(tuned), 4), fine_tuned_std: round(std(tuned), 4),
    from_scratch_mean: round(mean(scratch), 4), from_scratch_std: round(std(scratch), 4),
    source_model_mean: round(mean(pretrained), 4),
    fine_tuning_wins: tuned.filter((t, i) => t > (scratch[i] as number)).length,
    verdict: mean(tuned) > mean(scratch) ? 'fine-tuning beats training from scratch' : 'fine-tuning does NOT beat training from scratch',
  };
}

function shuffle(values: number[], seed: number): number[] {
  const out = [...values];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

const opts = options(process.argv.slice(2));
requireBuiltCli();
const workDir = await mkdtemp(join(tmpdir(), 'overture-bench-fine-tune-'));
try {
  const results = [];
  for (const task of tasks.filter((t) => !opts.only || opts.only.includes(t.name))) results.push(await runTask(task, workDir, opts.seeds, opts.rows));
  process.stdout.write(`fine-tuning a model trained on a source domain vs the same config from scratch, on ${opts.rows} target-domain training rows, ${EPOCHS} epochs each, seeds ${opts.seeds.join(', ')}\n`);
  process.stdout.write(formatTable(['task', 'domains', 'test rows', 'source model', 'fine-tuned', 'from scratch', 'wins', 'verdict'], results.map((r) => [
    `${r.task} (${r.target})`, r.domain, String(r.target_test_rows), r.source_model_mean.toFixed(3),
    `${r.fine_tuned_mean.toFixed(3)} ± ${r.fine_tuned_std.toFixed(3)}`, `${r.from_scratch_mean.toFixed(3)} ± ${r.from_scratch_std.toFixed(3)}`,
    `${r.fine_tuning_wins}/${r.seeds.length}`, r.verdict,
  ])));
  const file = await writeResults('fine-tune', { rows_given: opts.rows, epochs: EPOCHS, results });
  process.stdout.write(`wrote ${file}\n`);
} finally {
  if (!opts.keep) await rm(workDir, { recursive: true, force: true });
  else process.stderr.write(`kept ${workDir}\n`);
}
