/**
 * Benchmark: auto-configured models (`init-config`, no hand tuning) on every tabular dataset in
 * ../shared/datasets, scored on exactly the README's test rows, against its XGBoost baselines;
 * plus a multi-task tickets model with and without `dependencies: [intent]` on priority, and a
 * generated forecasting task (quality/forecasting.ts) against seasonal naive + linear drift.
 *
 *   npm run bench -- quality [--seeds N] [--only penguins,cars,tones,replies,tags,forecasting] [--no-multitask] [--no-forecast] [--no-generated] [--keep]
 *
 * Each (dataset, target) runs with seeds 42, 43, … (3 by default; the auto learning rate makes
 * single runs noisy) and is judged on the mean.
 * Pass: accuracy ≥ baseline − max(0.03, 1/test rows); R² ≥ baseline − 0.05; forecast MAE ≤ 1.1 × the
 * reference's. Generated tasks (no published baseline) are judged against the issue's targets:
 * `tones`, an audio classification of generated tones (quality/audio-task.ts), test accuracy ≥ 0.95;
 * `replies`, a templated reply drafted by init-config's generator, test sequence accuracy ≥ 0.9, and
 * `tags`, BIO entities by a written tagger config, test token accuracy ≥ 0.95 (quality/text-tasks.ts).
 * Writes bench/results/quality.json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from './lib/cli.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { runForecasting, type ForecastingResult } from './quality/forecasting.js';
import { runMultitask, type MultitaskVariant } from './quality/multitask.js';
import { runSingleTarget, type SingleTargetResult } from './quality/single-target.js';
import { qualityTasks } from './quality/tasks.js';
import { runAudioTask, type GeneratedAudioResult } from './quality/audio-task.js';
import { runReplyTask, runTaggingTask, type GeneratedTextResult } from './quality/text-tasks.js';

interface Options {
  seeds: number[];
  multitaskSeeds: number[];
  only: string[] | null;
  multitask: boolean;
  forecast: boolean;
  generated: boolean;
  keep: boolean;
}

function parseOptions(args: string[]): Options {
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i === -1 ? undefined : args[i + 1];
  };
  const seedCount = Number(value('--seeds') ?? 3);
  if (!Number.isInteger(seedCount) || seedCount < 1) throw new Error('--seeds takes a positive integer');
  const seedsFrom = (n: number) => Array.from({ length: n }, (_, i) => 42 + i);
  return {
    seeds: seedsFrom(seedCount),
    multitaskSeeds: seedsFrom(3),
    only: value('--only')?.split(',') ?? null,
    multitask: !args.includes('--no-multitask'),
    forecast: !args.includes('--no-forecast'),
    generated: !args.includes('--no-generated'),
    keep: args.includes('--keep'),
  };
}

const fixed = (x: number, digits = 3) => x.toFixed(digits);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

function printSingleTargetTable(results: SingleTargetResult[]): void {
  const rows = results.map((r) => [
    r.dataset,
    r.target,
    r.metric,
    r.seeds.length > 1 ? `${fixed(r.ours)} ± ${fixed(r.ours_std)}` : fixed(r.ours),
    fixed(r.xgboost),
    signed(r.delta),
    `−${fixed(r.tolerance)}`,
    r.verdict,
    r.seconds.toFixed(1),
    r.caveat ? `* ${r.caveat}` : '',
  ]);
  console.log(formatTable(
    ['dataset', 'target', 'metric', 'ours', 'xgboost', 'delta', 'allowed', 'result', 'time s', 'note'],
    rows,
    ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'left', 'right', 'left'],
  ));
}

function printMultitaskTable(variants: MultitaskVariant[]): void {
  const header = ['tickets (no ticket_text), one model', ...(variants[0]?.outputs.map((o) => `${o.output} ${o.metric}`) ?? []), 'time s'];
  const rows = variants.map((v) => [v.variant, ...v.outputs.map((o) => `${fixed(o.mean)} ± ${fixed(o.std)}`), v.seconds.toFixed(1)]);
  console.log(formatTable(header, rows, ['left', ...header.slice(1).map(() => 'right' as const)]));
}

function summarize(results: SingleTargetResult[]): string[] {
  const comparable = results.filter((r) => !r.caveat);
  const lines = [`like-for-like (tabular baselines): ${comparable.filter((r) => r.verdict !== 'FAIL').length}/${comparable.length} within tolerance`];
  const beats = comparable.filter((r) => r.verdict === 'beats');
  if (beats.length > 0) lines.push(`beats xgboost on: ${beats.map((r) => `${r.dataset}.${r.target} (${signed(r.delta)})`).join(', ')}`);
  const fails = comparable.filter((r) => r.verdict === 'FAIL');
  if (fails.length > 0) lines.push(`below the floor: ${fails.map((r) => `${r.dataset}.${r.target} (${signed(r.delta)})`).join(', ')}`);
  if (results.some((r) => r.caveat)) {
    lines.push('* rows marked so are reported, not counted: they are not like-for-like with their baseline.');
  }
  return lines;
}

async function main(): Promise<void> {
  requireBuiltCli();
  const options = parseOptions(process.argv.slice(2));
  const tasks = qualityTasks.filter((t) => !options.only || options.only.includes(t.dataset));
  const workDir = await mkdtemp(join(tmpdir(), 'overture-bench-quality-'));
  const started = performance.now();
  try {
    const results: SingleTargetResult[] = [];
    for (const task of tasks) {
      process.stderr.write(`${task.dataset}.${task.target}: init-config + experiment × ${options.seeds.length} … `);
      const result = await runSingleTarget(task, workDir, options.seeds);
      process.stderr.write(`${task.metric} ${fixed(result.ours)} (${result.seconds.toFixed(1)} s)\n`);
      results.push(result);
    }
    let multitask: MultitaskVariant[] | null = null;
    if (options.multitask && (!options.only || options.only.includes('tickets'))) {
      process.stderr.write(`tickets multi-task: 2 configs × ${options.multitaskSeeds.length} seeds … `);
      multitask = await runMultitask(workDir, options.multitaskSeeds);
      process.stderr.write('done\n');
    }
    let tones: GeneratedAudioResult | null = null;
    if (options.generated && (!options.only || options.only.includes('tones'))) {
      process.stderr.write(`tones (generated audio): init-config + experiment × ${options.seeds.length} … `);
      tones = await runAudioTask(workDir, options.seeds);
      process.stderr.write(`accuracy ${fixed(tones.mean)} (${tones.seconds.toFixed(1)} s)\n`);
    }

    const textTasks: GeneratedTextResult[] = [];
    for (const [name, run] of [['replies', runReplyTask], ['tags', runTaggingTask]] as const) {
      if (!options.generated || (options.only && !options.only.includes(name))) continue;
      process.stderr.write(`${name} (generated text output): experiment × ${options.seeds.length} … `);
      const result = await run(workDir, options.seeds);
      process.stderr.write(`${result.metric} ${fixed(result.mean)} (${result.seconds.toFixed(1)} s)\n`);
      textTasks.push(result);
    }

    let forecast: ForecastingResult | null = null;
    if (options.forecast && (!options.only || options.only.includes('forecasting'))) {
      process.stderr.write(`forecasting: generated series × ${options.seeds.length} seeds … `);
      forecast = await runForecasting(workDir, options.seeds);
      process.stderr.write('done\n');
    }

    console.log(`\nQuality vs the README baselines (seeds ${options.seeds.join(', ')}; test rows as in splits/<name>_test_rows.txt)\n`);
    printSingleTargetTable(results);
    console.log('');
    for (const line of summarize(results)) console.log(line);
    if (multitask) {
      console.log(`\nMulti-task (seeds ${options.multitaskSeeds.join(', ')}, mean ± std):\n`);
      printMultitaskTable(multitask);
    }
    if (forecast) {
      console.log(`\nForecasting: ${forecast.task} (seeds ${forecast.seeds.join(', ')})\n`);
      console.log(formatTable(['seed', 'model MAE', 'seasonal naive + drift MAE'], forecast.seeds.map((seed, i) => [
        String(seed), fixed(forecast!.model_mae[i]), fixed(forecast!.reference_mae[i]),
      ]), ['left', 'right', 'right']));
      console.log(`ratio ${fixed(forecast.ratio)} (pass at ≤ 1.100): ${forecast.pass ? 'PASS' : 'FAIL'}`);
    }
    if (tones || textTasks.length > 0) {
      const shown = (scores: number[], mean: number) => (scores.length > 1 ? `${scores.map((x) => fixed(x)).join(', ')} (mean ${fixed(mean)})` : fixed(mean));
      const descriptions = { replies: 'replies (generator: a templated reply; init-config)', tags: 'tags (tagger: BIO entities; written config)' };
      console.log('\nGenerated tasks (no published baseline; the target is the issue\'s):\n');
      console.log(formatTable(
        ['task', 'rows', 'metric', 'ours', 'target', 'result', 'time s'],
        [
          ...(tones ? [['tones (audio: pitch × envelope, 8 kHz WAV)', String(tones.rows), 'accuracy', shown(tones.scores, tones.mean), `≥ ${fixed(tones.target, 2)}`, tones.verdict, tones.seconds.toFixed(1)]] : []),
          ...textTasks.map((t) => [descriptions[t.task], String(t.rows), t.metric, shown(t.scores, t.mean), `≥ ${fixed(t.target, 2)}`, t.verdict, t.seconds.toFixed(1)]),
        ],
        ['left', 'right', 'left', 'right', 'right', 'left', 'right'],
      ));
    }
    const totalSeconds = (performance.now() - started) / 1000;
    console.log(`\ntotal ${totalSeconds.toFixed(0)} s`);

    const file = await writeResults('quality', {
      seeds: options.seeds,
      pass_rule: { accuracy: 'ours >= baseline - max(0.03, 1 / scored test rows)', r2: 'ours >= baseline - 0.05' },
      results: results.map((r) => ({ ...r, ours: round(r.ours, 4), ours_std: round(r.ours_std, 4), delta: round(r.delta, 4), tolerance: round(r.tolerance, 4), seconds: round(r.seconds, 2) })),
      forecasting: forecast && { ...forecast, ratio: round(forecast.ratio, 4), seconds: round(forecast.seconds, 2) },
      multitask: multitask && { dataset: 'tickets', dropped_columns: ['ticket_text'], variants: multitask },
      generated: {
        ...(tones ? { tones: { ...tones, mean: round(tones.mean, 4), seconds: round(tones.seconds, 2) } } : {}),
        ...Object.fromEntries(textTasks.map((t) => [t.task, { ...t, mean: round(t.mean, 4), seconds: round(t.seconds, 2) }])),
      },
      total_seconds: round(totalSeconds, 1),
    });
    console.log(`wrote ${file}`);
  } finally {
    if (!options.keep) await rm(workDir, { recursive: true, force: true });
    else console.log(`kept ${workDir}`);
  }
}

await main();
