/**
 * Benchmark: training samples/s through the CLI, against the same network in PyTorch (one
 * thread) measured in the same run: the 64→256→256→1 MLP, the textcnn (as Ludwig's
 * parallel_cnn) and the imagecnn (as Ludwig's image stacked_cnn) of ../shared/reference/train_throughput.py;
 * the auto config of a mixed tabular table, and the same with the tabnet and ft_transformer
 * combiners (twin in bench/reference/mixed_tabular.py); an LSTM (rnn encoder) and a 2-layer
 * transformer text classifier and a time-series parallel_cnn (twins in
 * bench/reference/train_throughput_extra.py).
 *
 *   npm run bench -- train-throughput [--rows N] [--text-rows N] [--image-rows N] [--combiner-rows N]
 *     [--series-rows N] [--only mlp,mixed,textcnn,imagecnn,lstm,transformer,tabnet,ft_transformer,tscnn] [--keep]
 *
 * Ours = 3 · rows / (t(4 epochs) − t(1 epoch)) of `overture train` (min of 2 runs each).
 * Target: ours ≥ 0.3 × PyTorch. Each twin's parameter count must agree with ours within 1%
 * (the bench fails otherwise). Writes bench/results/train-throughput.json.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from './lib/cli.js';
import { benchDir, referenceDir } from './lib/paths.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';
import {
  lstmSizes, seriesLength, textSequenceLength, transformerSizes, writeImageCnnConfig, writeLstmConfig, writeMixedCombinerConfig, writeMixedConfig,
  writeMlpConfig, writeSeriesCnnConfig, writeTextCnnConfig, writeTransformerConfig,
} from './throughput/configs.js';
import { generateImageFolder, generateMixedCsv, generateMlpCsv, generateSeriesCsv, generateTextCsv } from './throughput/generate.js';
import { measureCli, measureReference, referenceUnavailable, writeResolvedConfig, type CliTimings, type ReferenceTimings } from './throughput/measure.js';

const TARGET_RATIO = 0.3;
/** Largest relative difference of parameter counts between ours and a twin. */
const PARAMETER_TOLERANCE = 0.01;
const trainer = { batchSize: 256, learningRate: 0.001 };

interface CaseResult {
  name: string;
  description: string;
  rows: number;
  ours: CliTimings;
  reference: ReferenceTimings | { unavailable: string };
  ratio: number | null;
  target_met: boolean | null;
  /** Ours (bundle.json) against the twin's; null where the twin does not say. */
  parameters: { ours: number; reference: number | null };
  /** What bounds the case, as far as we could tell. */
  bound: string;
  differences: string[];
}

interface CaseExtras {
  differences: string[];
  bound: string;
  /** The twin's parameter count when its script does not print it (the shared train_throughput.py). */
  referenceParameters?: number;
}

function finish(name: string, description: string, rows: number, ours: CliTimings, reference: CaseResult['reference'], extras: CaseExtras): CaseResult {
  const ratio = 'samples_per_s' in reference ? round(ours.samples_per_s / reference.samples_per_s, 3) : null;
  // The twins print `state` (parameters + batch-norm running statistics, as our bundle counts) or `parameters`.
  const printed = 'details' in reference ? Number(reference.details.state ?? reference.details.parameters ?? Number.NaN) : Number.NaN;
  const referenceParameters = Number.isFinite(printed) ? printed : extras.referenceParameters ?? null;
  if (referenceParameters !== null && Math.abs(ours.parameters - referenceParameters) > PARAMETER_TOLERANCE * referenceParameters) {
    throw new Error(`${name}: ours has ${ours.parameters} parameters, the PyTorch twin ${referenceParameters}: not the same network`);
  }
  return {
    name, description, rows, ours, reference, ratio, target_met: ratio === null ? null : ratio >= TARGET_RATIO,
    parameters: { ours: ours.parameters, reference: referenceParameters }, bound: extras.bound, differences: extras.differences,
  };
}

const clipNote = 'ours clips gradients by global norm 0.5 (trainer default); the reference does not clip';

async function runMlp(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'mlp');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'mlp.csv');
  await generateMlpCsv(csv, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeMlpConfig(file, { ...trainer, epochs }));
  const reference = unavailable
    ? { unavailable }
    : await measureReference(join(referenceDir, 'train_throughput.py'), ['mlp', '--csv', csv, '--epochs', '4']);
  return finish('mlp', '64→256→256→1 MLP, batch 256, Adam', rows, ours, reference, {
    differences: [clipNote],
    bound: 'not profiled',
    referenceParameters: 64 * 256 + 256 + 256 * 256 + 256 + 256 + 1,
  });
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
  return finish('mixed tabular', 'auto config: 6 numbers, 4 categories (vocab 5–50), binary, date → 4-class category; batch 256, Adam', rows, ours, reference, {
    differences: ['same network built from the resolved config; the reference preprocesses outside the timed loop (as train_throughput.py does)'],
    bound: 'not profiled',
  });
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
  return finish('textcnn (parallel_cnn)', 'text of 20–80 words padded to 256 ids → embedding 64 → widths 2–5 × 64 filters, max over time → 128 → 4 classes; batch 256, Adam', rows, ours, reference, {
    differences: [
      'ours: Ludwig\'s parallel_cnn (same padding, so every width keeps 256 steps; <SOS>/<EOS> ids; max over the steps that hold a token); the reference pads w // 2 on both sides (one more step for even widths) and maxes over padding too',
      clipNote,
    ],
    bound: 'not profiled',
  });
}

async function runImageCnn(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'imagecnn');
  await mkdir(dir, { recursive: true });
  const csv = await generateImageFolder(dir, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeImageCnnConfig(file, { ...trainer, epochs }));
  const reference = unavailable
    ? { unavailable }
    : await measureReference(join(referenceDir, 'train_throughput.py'), ['imagecnn', '--csv', csv, '--column', 'image', '--epochs', '4']);
  const classes = 4;
  return finish('imagecnn (stacked_cnn)', '32×32 grayscale PNGs → 3×3 conv 32, ReLU, 2×2 max pool → 3×3 conv 64, ReLU, 2×2 max pool → 4,096 → 128 → 4 classes; batch 256, Adam', rows, ours, reference, {
    differences: [
      'ours keeps images NHWC (tfjs), the reference NCHW; both decode the PNGs before training (ours in every `overture train`, outside t4 − t1)',
      clipNote,
    ],
    bound: 'not profiled',
    // train_throughput.py's imagecnn does not print its parameters: its layers, counted.
    referenceParameters: (9 * 32 + 32) + (9 * 32 * 64 + 64) + (64 * 8 * 8 * 128 + 128) + (128 * classes + classes),
  });
}

async function runLstm(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'lstm');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'text.csv');
  await generateTextCsv(csv, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeLstmConfig(file, { ...trainer, epochs }));
  const reference = unavailable ? { unavailable } : await measureReference(join(benchDir, 'reference', 'train_throughput_extra.py'), [
    'lstm', '--csv', csv, '--epochs', '4', '--seq', String(textSequenceLength), '--embedding', String(lstmSizes.embedding), '--state', String(lstmSizes.state),
  ]);
  return finish('lstm (rnn)', `text of 20–80 words (<SOS>/<EOS>, padded to ${textSequenceLength} ids) → embedding ${lstmSizes.embedding} → one LSTM layer, state ${lstmSizes.state}, over the real steps → last state → 4 classes; batch 256, Adam`, rows, ours, reference, {
    differences: ['the reference runs nn.LSTM over packed sequences (as ours skips the padding steps); both clip gradients by global norm 0.5'],
    bound: 'not profiled',
  });
}

async function runTransformer(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'transformer');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'text.csv');
  await generateTextCsv(csv, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeTransformerConfig(file, { ...trainer, epochs }));
  const t = transformerSizes;
  const reference = unavailable ? { unavailable } : await measureReference(join(benchDir, 'reference', 'train_throughput_extra.py'), [
    'transformer', '--csv', csv, '--epochs', '4', '--seq', String(textSequenceLength), '--hidden', String(t.hidden), '--heads', String(t.heads),
    '--ff', String(t.feedForward), '--layers', String(t.layers),
  ]);
  return finish('transformer', `text of 20–80 words (padded to ${textSequenceLength} ids) → token + position embeddings ${t.hidden} → ${t.layers} post-norm blocks (${t.heads} heads, feed-forward ${t.feedForward}, padding masked) → mean over tokens → 4 classes; dropout 0; batch 256, Adam`, rows, ours, reference, {
    differences: [
      'the reference is nn.TransformerEncoder (post-norm, ε 1e-6, dropout 0, src_key_padding_mask): the same blocks; its attention runs the fused in-projection (one 64→192 matmul) where ours runs three 64→64',
      'both clip gradients by global norm 0.5',
    ],
    bound: 'not profiled',
  });
}

async function runMixedCombiner(workDir: string, rows: number, unavailable: string | null, combiner: 'tabnet' | 'ft_transformer'): Promise<CaseResult> {
  const dir = join(workDir, combiner);
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'mixed.csv');
  await generateMixedCsv(csv, rows);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeMixedCombinerConfig(file, csv, 'segment', combiner, { ...trainer, epochs }));
  let reference: CaseResult['reference'] = { unavailable: unavailable ?? '' };
  if (!unavailable) {
    const resolved = join(dir, 'resolved.json');
    await writeResolvedConfig(join(dir, 'epochs-4.yaml'), resolved);
    reference = await measureReference(join(benchDir, 'reference', 'mixed_tabular.py'), ['--csv', csv, '--config', resolved, '--epochs', '4']);
  }
  const shared = 'the mixed table\'s auto config (encoders as the mixed case) with the combiner at its defaults, built from the resolved config by the same twin; both clip gradients by global norm 0.5';
  if (combiner === 'tabnet') {
    return finish('tabnet', 'mixed table → TabNet combiner at its defaults (size 32, output 128, 3 steps, 4 blocks of which 2 shared, sparsemax, ghost BN with virtual batch 1,024, sparsity loss 1e-4, dropout 0.05) → 4 classes; batch 256, Adam', rows, ours, reference, {
      differences: [
        shared,
        'the reference\'s sparsemax is torch.sort + cumsum + gather with autograd\'s gradient; ours is one row kernel each way',
        'ghost BN: the virtual batch (1,024) exceeds the batch (256), so both normalize the whole batch at once',
      ],
      bound: 'not profiled',
    });
  }
  return finish('ft_transformer', 'mixed table → a token per input (12 + [CLS]) → FT-Transformer combiner at its defaults (hidden 256, 1 post-norm block, 8 heads, feed-forward 256, dropout 0.1) → [CLS] → 4 classes; batch 256, Adam', rows, ours, reference, {
    differences: [
      shared,
      'the reference\'s blocks are written out with nn.MultiheadAttention (no attention-weight dropout) so that dropout falls where ours has it (after attention and after the feed-forward); nn.TransformerEncoderLayer would also drop the attention weights and the feed-forward\'s hidden layer',
    ],
    bound: 'not profiled',
  });
}

async function runSeriesCnn(workDir: string, rows: number, unavailable: string | null): Promise<CaseResult> {
  const dir = join(workDir, 'tscnn');
  await mkdir(dir, { recursive: true });
  const csv = join(dir, 'series.csv');
  await generateSeriesCsv(csv, rows, seriesLength);
  const ours = await measureCli(rows, csv, dir, (file, epochs) => writeSeriesCnnConfig(file, { ...trainer, epochs }));
  const reference = unavailable ? { unavailable } : await measureReference(join(benchDir, 'reference', 'train_throughput_extra.py'), [
    'tscnn', '--csv', csv, '--epochs', '4', '--steps', String(seriesLength), '--filters', '64', '--fc', '128',
  ]);
  return finish('tscnn (timeseries parallel_cnn)', `series of ${seriesLength} values → widths 2–5 × 64 filters ('same' padding), ReLU, max over time → 256 → 128 → 4 classes; batch 256, Adam`, rows, ours, reference, {
    differences: ['the reference uses Conv1d(padding="same") (PyTorch pads even widths one more on the right, as Ludwig\'s same padding); both clip gradients by global norm 0.5'],
    bound: 'not profiled',
  });
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
      r.parameters.reference === null ? `${r.parameters.ours.toLocaleString('en-US')} / n/a` : `${r.parameters.ours.toLocaleString('en-US')} / ${r.parameters.reference.toLocaleString('en-US')}`,
    ];
  });
  console.log(formatTable(
    ['config', 'rows', 'ours samples/s', 'PyTorch samples/s (1 thread)', 'ratio', `≥ ${TARGET_RATIO}×`, 't1 s', 't4 s', 'our backend', 'parameters ours / twin'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'left', 'right', 'right', 'left', 'right'],
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
  const rowsOption = (flag: string, fallback: number): number => {
    const at = args.indexOf(flag);
    const value = at === -1 ? fallback : Number(args[at + 1]);
    if (!Number.isInteger(value) || value < 256) throw new Error(`${flag} takes an integer ≥ 256`);
    return value;
  };
  // Each case kept to a minute or two at its default rows on 2 cores.
  const imageRows = rowsOption('--image-rows', 2_000);
  const combinerRows = rowsOption('--combiner-rows', 5_000);
  const seriesRows = rowsOption('--series-rows', 10_000);
  const keep = args.includes('--keep');
  const unavailable = await referenceUnavailable();
  const workDir = await mkdtemp(join(tmpdir(), 'overture-bench-throughput-'));
  try {
    const results: CaseResult[] = [];
    const onlyFlag = args.indexOf('--only');
    const only = onlyFlag === -1 ? null : String(args[onlyFlag + 1]).split(',');
    type Run = (workDir: string, rows: number, unavailable: string | null) => Promise<CaseResult>;
    const all: [string, Run, number][] = [
      ['mlp', runMlp, rows], ['mixed', runMixed, rows], ['textcnn', runTextCnn, textRows], ['imagecnn', runImageCnn, imageRows],
      ['lstm', runLstm, textRows], ['transformer', runTransformer, textRows],
      ['tabnet', (w, r, u) => runMixedCombiner(w, r, u, 'tabnet'), combinerRows], ['ft_transformer', (w, r, u) => runMixedCombiner(w, r, u, 'ft_transformer'), combinerRows],
      ['tscnn', runSeriesCnn, seriesRows],
    ];
    const unknown = only?.filter((name) => !all.some(([n]) => n === name)) ?? [];
    const cases = all.filter(([name]) => only === null || only.includes(name));
    if (cases.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma-separated list of ${all.map(([n]) => n).join(', ')}`);
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
    for (const r of results) if (r.bound !== 'not profiled') console.log(`- ${r.name} is bound by ${r.bound}`);
    const file = await writeResults('train-throughput', { target_ratio: TARGET_RATIO, trainer: { ...trainer, early_stop: -1, optimizer: 'adam' }, cases: results });
    console.log(`wrote ${file}`);
  } finally {
    if (!keep) await rm(workDir, { recursive: true, force: true });
    else console.log(`kept ${workDir}`);
  }
}

await main();
