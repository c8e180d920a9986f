#!/usr/bin/env node
// Trains every Ludwig example config that validates in Overture for one epoch on generated data of
// the matching column types, then predicts with the ONNX export, as a newcomer bringing those configs
// would: the CLI, the config as written (only trainer.epochs set to 1), a CSV plus picture and
// recording files beside it. Reads the configs straight out of a Ludwig git checkout or bare mirror
// (nothing is copied into this repository), as scripts/ludwig-configs.mjs does.
//
//   npm run build && npx tsx scripts/ludwig-configs-train.mjs /work/.mirror/ludwig-ai+ludwig/repo [--rows 48] [--only <substring>]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { parse, stringify } from 'yaml';
import { isOvertureError, parseConfigText } from '../packages/config/src/index.ts';
import { encodeWav } from '../packages/trainer/src/preprocessing/audio/decode-wav.ts';

const [gitDir, ...flags] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: ludwig-configs-train.mjs <ludwig git dir> [--rows N] [--only <substring>]');
  process.exit(2);
}
const flag = (name, fallback) => {
  const i = flags.indexOf(name);
  return i >= 0 ? flags[i + 1] : fallback;
};
const ROWS = Number(flag('--rows', '48'));
const only = flag('--only', null);
const cli = path.resolve('packages/cli/bin/overture.js');
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

const roots = ['examples/', 'ludwig/benchmarking/configs/', 'ludwig/datasets/model_configs/'];
const sources = git('ls-tree', '-r', '--name-only', 'HEAD')
  .split('\n')
  .filter((f) => /\.ya?ml$/.test(f) && roots.some((r) => f.startsWith(r)))
  .map((f) => [f, git('show', `HEAD:${f}`)]);
let block = 0;
for (const match of git('show', 'HEAD:README.md').matchAll(/```ya?ml\n([\s\S]*?)```/g)) sources.push([`README.md#yaml${++block}`, match[1]]);

let seed = 7;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (list) => list[Math.floor(next() * list.length)];
const words = ['alpha', 'beta', 'gamma', 'delta', 'late', 'refund', 'broken', 'thanks', 'order', 'screen', 'fast', 'slow'];
const sentence = (n) => Array.from({ length: n }, () => pick(words)).join(' ');

/** One generated cell of a feature (files written under `dir` for media). */
async function cell(feature, row, dir) {
  const p = feature.preprocessing ?? {};
  switch (feature.type) {
    case 'number': return (next() * 10 - 5).toFixed(3);
    case 'binary': return next() < 0.5 ? 'true' : 'false';
    // Ten classes: Ludwig's open-set examples name class 4 as the background class.
    case 'category': return pick(['red', 'green', 'blue', 'black', 'white', 'gold', 'pink', 'grey', 'teal', 'navy']);
    case 'set': case 'bag': return [...new Set([pick(words), pick(words)])].join(' ');
    case 'text': case 'sequence': return sentence(3 + Math.floor(next() * 6));
    case 'date': return `2021-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    case 'vector': return Array.from({ length: p.vector_size ?? 4 }, () => next().toFixed(3)).join(' ');
    // With window_size or horizon each row holds one observation (Ludwig's column-major series).
    case 'timeseries': if ((p.window_size ?? 0) > 0 || (p.horizon ?? 0) > 0) return (Math.sin(row / 3) + next() * 0.1).toFixed(3);
      // 48 steps: longer than any patch_size of Ludwig's examples (patchtst's 16).
      return Array.from({ length: Math.max(p.horizon ?? 0, 48) }, (_, t) => (Math.sin(t / 2 + row) + next() * 0.1).toFixed(3)).join(' ');
    case 'anomaly': return row % 8 === 0 ? '1' : '0';
    case 'image': {
      const h = Math.min(p.height ?? 16, 32), w = Math.min(p.width ?? 16, 32), c = p.num_channels ?? 3;
      const pixels = Buffer.from(Array.from({ length: h * w * c }, () => Math.floor(next() * 256)));
      const file = `media/${feature.name}-${row}.png`;
      writeFileSync(path.join(dir, file), await sharp(pixels, { raw: { width: w, height: h, channels: c } }).png().toBuffer());
      return file;
    }
    case 'audio': {
      const rate = 16000;
      const file = `media/${feature.name}-${row}.wav`;
      writeFileSync(path.join(dir, file), encodeWav([Float32Array.from({ length: rate / 4 }, (_, t) => 0.3 * Math.sin(t / (5 + row % 7)))], rate));
      return file;
    }
    default: throw new Error(`no generator for feature type ${feature.type}`);
  }
}

const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The CSV for a resolved config: one column per feature (its `column`), a split column when the config splits on one. */
async function writeDataset(config, dir) {
  mkdirSync(path.join(dir, 'media'), { recursive: true });
  // Features sharing a column (a forecast of an input's own column) read one generated column.
  const byColumn = new Map();
  for (const f of [...config.input_features, ...config.output_features]) {
    const column = f.column ?? f.name;
    if (!byColumn.has(column)) byColumn.set(column, f);
  }
  const columns = [...byColumn.keys()];
  const features = [...byColumn.values()];
  const split = config.preprocessing?.split;
  const splitColumn = split && (split.type === 'fixed' || split.type === 'datetime') && split.column && !columns.includes(split.column) ? split.column : null;
  const lines = [[...columns, ...(splitColumn ? [splitColumn] : [])].map(csvCell).join(',')];
  for (let r = 0; r < ROWS; r++) {
    const cells = [];
    for (const f of features) cells.push(csvCell(await cell(f, r, dir)));
    if (splitColumn) cells.push(split.type === 'fixed' ? String(r % 5 === 3 ? 1 : r % 5 === 4 ? 2 : 0) : `2021-01-${String(1 + (r % 28)).padStart(2, '0')}`);
    lines.push(cells.join(','));
  }
  writeFileSync(path.join(dir, 'data.csv'), `${lines.join('\n')}\n`);
}

/** The config as written, with one epoch (in whichever trainer section it uses). */
function oneEpoch(text) {
  const raw = parse(text);
  const section = raw.training && !raw.trainer ? 'training' : 'trainer';
  raw[section] = { ...(raw[section] ?? {}), epochs: 1 };
  delete raw[section].train_steps;
  return stringify(raw);
}

async function trainAndPredict(text, config) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ludwig-train-'));
  const started = Date.now();
  try {
    await writeDataset(config, dir);
    writeFileSync(path.join(dir, 'config.yaml'), oneEpoch(text));
    const train = spawnSync('node', [cli, 'train', '--config', 'config.yaml', '--dataset', 'data.csv', '--output-directory', 'out', '--skip-save-progress'], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
    // A pretrained encoder whose local export is not on this machine: the answer must say where it goes.
    if (train.status !== 0 && /pretrained_model_name_or_path: .* does not exist/.test(train.stderr)) return { stage: 'weights', why: train.stderr.trim().split('\n').slice(-4).join(' / ') };
    if (train.status !== 0) return { stage: 'train', why: lastLine(train.stderr || train.stdout || String(train.error)) };
    const predict = spawnSync('node', [cli, 'predict', '--model', 'out/model', '--dataset', 'data.csv', '--output', 'predictions.csv'], { cwd: dir, encoding: 'utf8', timeout: 300_000 });
    if (predict.status !== 0) return { stage: 'predict', why: lastLine(predict.stderr || predict.stdout || String(predict.error)) };
    return { stage: 'ok', seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    return { stage: 'data', why: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lastLine = (s) => s.trim().split('\n').filter((l) => l.trim() !== '').slice(-1)[0] ?? '';
const results = [];
for (const [label, text] of sources) {
  let config;
  try {
    const value = parse(text);
    if (!value || typeof value !== 'object' || !('input_features' in value || 'output_features' in value) || value.model_type === 'llm') continue;
    if (only && !label.includes(only)) continue;
    config = parseConfigText(text, 'yaml').config;
  } catch (error) {
    if (isOvertureError(error)) continue; // does not validate: counted by ludwig-configs.mjs
    continue;
  }
  const r = { label, ...(await trainAndPredict(text, config)) };
  results.push(r);
  console.log(`${r.stage === 'ok' ? 'ok     ' : r.stage.padEnd(7)} ${label}${r.stage === 'ok' ? ` (${r.seconds.toFixed(1)} s)` : `: ${r.why}`}`);
}
const ok = results.filter((r) => r.stage === 'ok').length;
const weights = results.filter((r) => r.stage === 'weights').length;
console.log(`\n${ok} of ${results.length} validating non-llm Ludwig configs train one epoch on generated data and predict with the ONNX export; ${weights} need a pretrained model's local export (the message says where it goes).`);
