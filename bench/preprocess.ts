/**
 * Benchmark: read + profile (+ an optional extra stage, e.g. preprocessing) of a 1,000,000-row CSV,
 * against pandas.read_csv measured in the same run (these machines are noisy).
 *
 *   npx tsx bench/preprocess.ts [--rows N] [--keep]
 *
 * Writes bench/results/preprocess.json. Target: ≥ 200,000 rows/s for read+profile+preprocess with
 * peak RSS < 2 GB. The CSV is generated deterministically (seeded) in a temp folder, never committed.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from './lib/random.js';
import type { DatasetProfile } from '@overture/config';
import { autoConfig, resolveConfig } from '@overture/config';
import * as tf from '@tensorflow/tfjs-core';
import { profileTable, readTable, TYPE_INFERENCE_SAMPLE_ROWS, type RawTable } from '../packages/trainer/src/data/index.js';
import { preprocessForTraining } from '../packages/trainer/src/preprocessing/index.js';
import { initBackend } from '../packages/trainer/src/backend/init-backend.js';

export interface StageTimings {
  rows: number;
  read_s: number;
  profile_s: number;
  /** Time of the extra stage (0 when none was given). */
  extra_s: number;
  rows_per_s: number;
  peak_rss_mb: number;
}

/** A stage run after reading and profiling (preprocessing plugs in here). */
export type ExtraStage = (table: RawTable, profile: DatasetProfile) => unknown | Promise<unknown>;

/** Times reading, profiling and an optional extra stage on `file`; rows/s counts all stages. */
export async function measurePipeline(file: string, extraStage?: ExtraStage, sampleRows?: number): Promise<StageTimings> {
  const started = performance.now();
  const table = await readTable(file);
  const read = performance.now();
  const profile = profileTable(table, { sampleRows });
  const profiled = performance.now();
  if (extraStage) await extraStage(table, profile);
  const finished = performance.now();
  const seconds = (finished - started) / 1000;
  return {
    rows: table.rowCount,
    read_s: round((read - started) / 1000, 3),
    profile_s: round((profiled - read) / 1000, 3),
    extra_s: round((finished - profiled) / 1000, 3),
    rows_per_s: Math.round(table.rowCount / seconds),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/**
 * What training does after profiling: auto-config (target `rating`), preprocessing (missing
 * values, normalization, vocabularies, split) and one tensor per encoded column.
 */
function preprocessAndTensorize(table: RawTable, profile: DatasetProfile): void {
  const { config } = resolveConfig(autoConfig(profile, ['rating']).config);
  const { dataset } = preprocessForTraining(table, config, { seed: 42 });
  for (const column of Object.values(dataset.features)) {
    tf.tensor2d(column.values, [dataset.rowCount, column.width], column.dtype).dispose();
  }
}

/** 10 columns: 6 numeric (float, int, skewed), 4 categorical (strings and small integer codes). */
export async function generateCsv(file: string, rows: number, seed = 42): Promise<void> {
  const random = seededRandom(seed);
  const colors = ['red', 'green', 'blue', 'yellow', 'purple', 'orange', 'black'];
  const plans = ['free', 'basic', 'pro', 'enterprise'];
  const out = createWriteStream(file);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write('amount,age,score,balance,latency_ms,ratio,color,plan,region_code,rating\n');
  let buffer: string[] = [];
  for (let row = 0; row < rows; row++) {
    buffer.push(
      [
        (random() * 1000).toFixed(2),
        18 + Math.floor(random() * 60),
        ((random() + random() + random()) / 3).toFixed(4),
        (random() * 2e5 - 5e4).toFixed(2),
        Math.round(-Math.log(1 - random()) * 120),
        random().toFixed(6),
        colors[Math.floor(random() * colors.length)],
        plans[Math.floor(random() * random() * plans.length)],
        `R${Math.floor(random() * 50)}`,
        1 + Math.floor(random() * 5),
      ].join(','),
    );
    if (buffer.length === 10_000) {
      await write(`${buffer.join('\n')}\n`);
      buffer = [];
    }
  }
  if (buffer.length > 0) await write(`${buffer.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

interface ReferenceResult {
  rows: number;
  rows_per_s: number;
  peak_rss_mb: number;
}

function runReference(file: string): ReferenceResult | { unavailable: string } {
  const python = '/usr/bin/python3';
  const script = '/work/shared/reference/read_csv.py';
  if (!existsSync(python) || !existsSync(script)) return { unavailable: `${python} or ${script} is missing` };
  const probe = spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' });
  if (probe.status !== 0) return { unavailable: 'pandas is not installed (apt-get install -y python3-pandas)' };
  const run = spawnSync(python, [script, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) return { unavailable: `read_csv.py failed: ${run.stderr.trim().split('\n').pop()}` };
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as ReferenceResult;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rowsFlag = args.indexOf('--rows');
  const rows = rowsFlag === -1 ? 1_000_000 : Number(args[rowsFlag + 1]);
  const keep = args.includes('--keep');
  const workDir = await mkdtemp(join(tmpdir(), 'overture-bench-preprocess-'));
  const file = join(workDir, `synthetic-${rows}.csv`);
  try {
    process.stdout.write(`generating ${rows.toLocaleString('en-US')} rows × 10 columns (seed 42) in ${workDir} … `);
    await generateCsv(file, rows);
    console.log('done');

    // The reference runs first, in its own process, so our peak RSS is not affected by it.
    const reference = runReference(file);
    await initBackend('wasm');
    // As `init-config` does: types inferred from an evenly spaced sample; every row preprocessed.
    const ours = await measurePipeline(file, preprocessAndTensorize, TYPE_INFERENCE_SAMPLE_ROWS);
    const fullProfile = await measurePipeline(file);

    const ratio = 'rows_per_s' in reference ? round(ours.rows_per_s / reference.rows_per_s, 3) : null;
    console.log('');
    console.log('| pipeline | rows/s | peak RSS MB | read s | profile s | preprocess + tensors s |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(`| ours: read + profile (${TYPE_INFERENCE_SAMPLE_ROWS.toLocaleString('en-US')}-row sample, as init-config) + preprocess + tensors | ${ours.rows_per_s.toLocaleString('en-US')} | ${ours.peak_rss_mb} | ${ours.read_s} | ${ours.profile_s} | ${ours.extra_s} |`);
    console.log(`| ours: read + profile of every row | ${fullProfile.rows_per_s.toLocaleString('en-US')} | ${fullProfile.peak_rss_mb} | ${fullProfile.read_s} | ${fullProfile.profile_s} | – |`);
    if ('rows_per_s' in reference) {
      console.log(`| pandas.read_csv (reference) | ${reference.rows_per_s.toLocaleString('en-US')} | ${reference.peak_rss_mb} | ${round(reference.rows / reference.rows_per_s, 3)} | – | – |`);
      console.log(`\nratio ours/reference (rows/s): ${ratio}`);
    } else {
      console.log(`\nreference unavailable: ${reference.unavailable}`);
    }
    const target = ours.rows_per_s >= 200_000 && ours.peak_rss_mb < 2048;
    console.log(`target (≥ 200,000 rows/s, peak RSS < 2 GB, read + profile + preprocess + tensors): ${target ? 'met' : 'NOT met'}`);

    const results = join(dirname(fileURLToPath(import.meta.url)), 'results');
    await mkdir(results, { recursive: true });
    const output = {
      benchmark: 'preprocess',
      rows,
      columns: 10,
      stages: ['read', 'profile', 'preprocess', 'tensors'],
      node: process.version,
      ours: { rows_per_s: ours.rows_per_s, peak_rss_mb: ours.peak_rss_mb, read_s: ours.read_s, profile_s: ours.profile_s, profile_sample_rows: TYPE_INFERENCE_SAMPLE_ROWS, preprocess_and_tensors_s: ours.extra_s },
      full_profile: { rows_per_s: fullProfile.rows_per_s, read_s: fullProfile.read_s, profile_s: fullProfile.profile_s },
      reference,
      ratio,
      target: { rows_per_s: 200_000, peak_rss_mb: 2048, met: target },
    };
    await writeFile(join(results, 'preprocess.json'), `${JSON.stringify(output, null, 2)}\n`);
    console.log(`wrote ${join(results, 'preprocess.json')}`);
  } finally {
    if (!keep) await rm(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
