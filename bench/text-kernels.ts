/**
 * Benchmark: one training step (forward + gradients) of the building blocks of text encoders —
 * embedding lookup, 1-D convolution, masked max/mean pooling over time — with our kernels against
 * tfjs' own implementation on the same backend (where the backend has one: wasm lacks the
 * embedding and convolution gradients), and PyTorch with one thread when
 * /usr/bin/python3 has torch (`reference/text_kernels.py`), in the same run.
 *
 *   npm run bench -- text-kernels [--batch N] [--seq N] [--rounds N]
 *
 * Shapes follow `../shared/reference/train_throughput.py textcnn` (256 tokens, 64-wide embeddings
 * and filters, 20,002 words) with a 64-row batch by default. Writes bench/results/text-kernels.json.
 * tfjs' cpu backend is left out: its UnsortedSegmentSum (gather's gradient) loops over every
 * vocabulary row (226 s for one step of 8 × 64 ids) and its conv1d gradient took 4.7 s there.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../packages/trainer/src/backend/init-backend.js';
import { makeInputs, variants, type Shapes, type Variant } from './text-kernels/cases.js';
import { benchDir, python } from './lib/paths.js';
import { positiveIntOption } from './lib/cli.js';
import { writeResults } from './lib/results.js';
import { formatTable } from './lib/table.js';
import { round } from './lib/stats.js';


const shapes: Shapes = { batch: positiveIntOption('batch', 64), seq: positiveIntOption('seq', 256), vocab: 20002, dim: 64, filters: 64, filterSize: 3 };
const rounds = positiveIntOption('rounds', 5);
const STEPS_PER_ROUND = 3;

interface Measured {
  op: string;
  implementation: string;
  backend: string;
  median_ms: number | null;
  min_ms: number | null;
  note?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times each runnable variant of one backend, interleaved round by round (the machine's speed drifts). */
async function measureBackend(backend: 'wasm', list: Variant[]): Promise<Measured[]> {
  await tf.setBackend(backend);
  const inputs = makeInputs(shapes);
  const runnable = list.filter((v) => v.step);
  const run = (v: Variant) => tf.tidy(() => {
    const outputs = v.step!(inputs);
    for (const t of outputs) t.dataSync();
  });
  const times = new Map<Variant, number[]>(runnable.map((v) => [v, []]));
  for (const v of runnable) run(v); // warm-up: kernels compiled, heap grown
  const tensorsBefore = tf.memory().numTensors;
  for (let r = 0; r < rounds; r++) {
    for (const v of runnable) {
      for (let s = 0; s < STEPS_PER_ROUND; s++) {
        const started = performance.now();
        run(v);
        times.get(v)!.push(performance.now() - started);
      }
    }
  }
  if (tf.memory().numTensors !== tensorsBefore) throw new Error(`${backend}: tensors leaked (${tensorsBefore} → ${tf.memory().numTensors})`);
  tf.dispose(Object.values(inputs));
  return list.map((v) => {
    const t = times.get(v);
    return {
      op: v.op, implementation: v.implementation, backend,
      median_ms: t ? round(median(t), 3) : null, min_ms: t ? round(Math.min(...t), 3) : null,
      ...(v.unavailable ? { note: v.unavailable } : {}),
    };
  });
}

/** PyTorch (one thread) on the same shapes, or why it could not run. */
function measureTorch(): { rows: Measured[]; skipped?: string } {
  const script = join(benchDir, 'reference', 'text_kernels.py');
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { rows: [], skipped: `${python} has no torch (apt-get install -y python3-torch)` };
  const args = [script, '--batch', String(shapes.batch), '--seq', String(shapes.seq), '--vocab', String(shapes.vocab), '--dim', String(shapes.dim),
    '--filters', String(shapes.filters), '--filter-size', String(shapes.filterSize), '--rounds', String(rounds)];
  const result = spawnSync(python, args, { encoding: 'utf8' });
  if (result.status !== 0) return { rows: [], skipped: `reference failed: ${result.stderr.trim().split('\n').pop()}` };
  const measured = JSON.parse(result.stdout) as { op: string; median_ms: number; min_ms: number }[];
  return { rows: measured.map((m) => ({ ...m, implementation: 'PyTorch 1 thread', backend: 'torch' })) };
}

async function main(): Promise<void> {
  await initBackend('wasm');
  const all = variants(shapes);
  const measured = [
    ...(await measureBackend('wasm', all)),
  ];
  await tf.setBackend('wasm');
  const torch = measureTorch();
  const rows = [...measured, ...torch.rows].sort((a, b) => a.op.localeCompare(b.op));
  const oursOf = (op: string) => measured.find((m) => m.op === op && m.backend === 'wasm' && m.implementation.startsWith('ours'))?.median_ms ?? null;
  console.log(`text kernels, one training step, batch ${shapes.batch} × ${shapes.seq} tokens, dim ${shapes.dim}, ${shapes.filters} filters, vocab ${shapes.vocab}; median of ${rounds * STEPS_PER_ROUND} steps\n`);
  console.log(formatTable(
    ['op', 'implementation', 'backend', 'median ms', 'min ms', '× ours (wasm)'],
    rows.map((r) => {
      const ours = oursOf(r.op);
      const ratio = ours && r.median_ms ? `${(r.median_ms / ours).toFixed(2)}` : '';
      return [r.op, r.implementation, r.backend, r.median_ms === null ? `— (${r.note})` : r.median_ms.toFixed(2), r.min_ms?.toFixed(2) ?? '', ratio];
    }),
    ['left', 'left', 'left', 'right', 'right', 'right'],
  ));
  if (torch.skipped) console.log(`\nPyTorch reference skipped: ${torch.skipped}`);
  const file = await writeResults('text-kernels', { shapes, rounds, steps_per_round: STEPS_PER_ROUND, results: rows, torch_skipped: torch.skipped ?? null });
  console.log(`\nwrote ${file}`);
}

await main();
