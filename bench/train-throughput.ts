/**
 * Benchmark: training samples/s through the CLI, against the same network in PyTorch (one
 * thread) measured in the same run: the 64→256→256→1 MLP and the textcnn (as Ludwig's
 * parallel_cnn, on fewer rows: --text-rows, default 2,000) of ../shared/reference/train_throughput.py,
 * and the auto config of a mixed tabular table (twin in bench/reference/mixed_tabular.py).
 *
 *   npm run bench -- train-throughput [--rows N] [--text-rows N] [--only mlp,mixed,textcnn] [--keep]
 *
 * Ours = 3 · rows / (t(4 epochs) − t(1 epoch)) of `overture train` (min of 2 runs each).
 * Target: ours ≥ 0.3 × PyTorch. Writes bench/results/train-throughput.json.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from './lib/cli.js';
import { benchDir, referenceDir } from './lib/paths.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import { writeMixedConfig, writeMlpConfig, writeTextCnnConfig } from './throughput/configs.js';
import { generateMixedCsv, generateMlpCsv, generateTextCsv } from './throughput/generate.js';
import { measureCli, measureReference, referenceUnavailable, writeResolvedConfig, type CliTimings, type ReferenceTimings } from './throughput/measure.js';

const TARGET_RATIO = 0.3;
const trainer = { batchSize: 256, learningRate: 0.001 };

interface CaseResult {
  name: string;
  description: string;
  rows: number;
  ours: CliTimings;
  reference: ReferenceTimings | { unavailable: string };
  ratio: number | null;
  target_met: boolean | null;
  differences: string[];
}

function finish(name: string, description: string, rows: number, ours: CliTimings, reference: CaseResult['reference'], differences: string[]): CaseResult {
  const ratio = 'samples_per_s' in reference ? round(ours.samples_per_s / reference.samples_per_s, 3) : null;
  return { name, description, rows, ours, reference, ratio, target_met: ratio === null ? null : ratio >= TARGET_RATIO, differences };
}

async function runMlp(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'mlp');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'mlp.csv');
  await generateMlpCsv(csv, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeMlpConfig(file, { ...trainer, epochs }));
  const reference = unavailable
    ? { unavailable }
    : await measureReference(join(referenceDir, 'train_throughput.py'), ['mlp', '--csv', csv, '--epochs', '4']);
  return finish('mlp', '64→256→256→1 MLP, batch 256, Adam', rows, ours, reference, [
    'ours clips gradients by global norm 0.5 (trainer default); the reference does not clip',
  ]);
}

async function runMixed(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'mixed');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'mixed.csv');
  await generateMixedCsv(csv, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeMixedConfig(file, csv, 'segment', { ...trainer, epochs }));
  let reference: CaseResult['reference'] = { unavailable: unavailable ?? '' };
  if (!unavailable) {
    const resolved = join(dir, 'resolved.json');
    await writeResolvedConfig(join(dir, 'epochs-4.yaml'), resolved);
    reference = await measureReference(join(benchDir, 'reference', 'mixed_tabular.py'), ['--csv', csv, '--config', resolved, '--epochs', '4']);
  }
  return finish('mixed tabular', 'auto config: 6 numbers, 4 categories (vocab 5–50), binary, date → 4-class category; batch 256, Adam', rows, ours, reference, [
    'same network built from the resolved config; the reference preprocesses outside the timed loop (as train_throughput.py does)',
  ]);
}

async function runTextCnn(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'textcnn');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'text.csv');
  await generateTextCsv(csv, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeTextCnnConfig(file, { ...trainer, epochs }));
  const reference = unavailable
    ? { unavailable }
    : await measureReference(join(referenceDir, 'train_throughput.py'), ['textcnn', '--csv', csv, '--epochs', '4']);
  return finish('textcnn (parallel_cnn)', 'text of 20–80 words padded to 256 ids → embedding 64 → widths 2–5 × 64 filters, max over time → 128 → 4 classes; batch 256, Adam', rows, ours, reference, [
    'ours: Ludwig\'s parallel_cnn (same padding, so every width keeps 256 steps; <SOS>/<EOS> ids; max over the steps that hold a token); the reference pads w // 2 on both sides (one more step for even widths) and maxes over padding too',
    'ours clips gradients by global norm 0.5 (trainer default); the reference does not clip',
  ]);
}

function printTable(results: CaseResult[]): void {
  const rows = results.map((r) => {
    const ref = 'samples_per_s' in r.reference ? r.reference.samples_per_s.toLocaleString('en-US') : 'n/a';
    return [
      r.name,
      r.rows.toLocaleString('en-US'),
      r.ours.samples_per_s.toLocaleString('en-US'),
      ref,
      r.ratio === null ? 'n/a' : `${r.ratio.toFixed(3)}×`,
      r.target_met === null ? 'n/a' : r.target_met ? 'met' : 'NOT met',
      Math.min(...r.ours.one_epoch_s).toFixed(2),
      Math.min(...r.ours.four_epochs_s).toFixed(2),
      r.ours.backend,
    ];
  });
  console.log(formatTable(
    ['config', 'rows', 'ours samples/s', 'PyTorch samples/s (1 thread)', 'ratio', `≥ ${TARGET_RATIO}×`, 't1 s', 't4 s', 'our backend'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'left'],
  ));
}

async function main(): Promise<void> {
  requireBuiltCli();
  const args = process.argv.slice(2);
  const rowsFlag = args.indexOf('--rows');
  const rows = rowsFlag === -1 ? 20_000 : Number(args[rowsFlag + 1]);
  if (!Number.isInteger(rows) || rows < 256) throw new Error('--rows takes an integer ≥ 256');
  // A text row costs ~100x an MLP row: fewer rows keep the case to a few minutes.
  const textRowsFlag = args.indexOf('--text-rows');
  const textRows = textRowsFlag === -1 ? 2_000 : Number(args[textRowsFlag + 1]);
  if (!Number.isInteger(textRows) || textRows < 256) throw new Error('--text-rows takes an integer ≥ 256');
  const keep = args.includes('--keep');
  const unavailable = await referenceUnavailable();
  const workDir = await mkdtemp(join(tmpdir(), 'overture-bench-throughput-'));
  try {
    const results: CaseResult[] = [];
    const onlyFlag = args.indexOf('--only');
    const only = onlyFlag === -1 ? null : String(args[onlyFlag + 1]).split(',');
    const cases = ([['mlp', runMlp, rows], ['mixed', runMixed, rows], ['textcnn', runTextCnn, textRows]] as const)
      .filter(([name]) => only === null || only.includes(name));
    if (cases.length === 0) throw new Error('--only takes a comma-separated list of mlp, mixed, textcnn');
    for (const [name, run, caseRows] of cases) {
      process.stderr.write(`${name}: overture train × 4 runs, PyTorch × 2 … `);
      const result = await run(workDir, caseRows, unavailable);
      process.stderr.write(`${result.ours.samples_per_s} vs ${'samples_per_s' in result.reference ? result.reference.samples_per_s : 'n/a'}\n`);
      results.push(result);
    }
    console.log(`\nTraining throughput (samples/s = 3 · rows / (t4 − t1), min of 2 runs; PyTorch max of 2 runs, one thread)\n`);
    printTable(results);
    if (unavailable) console.log(`\nreference unavailable: ${unavailable}`);
    for (const r of results) for (const d of r.differences) console.log(`- ${r.name}: ${d}`);
    const file = await writeResults('train-throughput', { target_ratio: TARGET_RATIO, trainer: { ...trainer, early_stop: -1, optimizer: 'adam' }, cases: results });
    console.log(`wrote ${file}`);
  } finally {
    if (!keep) await rm(workDir, { recursive: true, force: true });
    else console.log(`kept ${workDir}`);
  }
}

await main();
