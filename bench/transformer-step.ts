/**
 * Benchmark: samples/s of one training step (forward, gradients, Adam) of a text classifier with
 * a 2-layer transformer encoder, in process on the wasm backend, with a per-kernel profile of a
 * step (time and calls per kernel name), against the same network in PyTorch with one thread
 * when /usr/bin/python3 has torch (`reference/transformer_step.py`), in the same run.
 *
 *   npm run bench -- transformer-step [--batch N] [--seq N] [--steps N]
 *
 * Network: ids [batch, seq] (vocab 5,000) → 64-wide token + position embeddings → 2 blocks
 * (hidden 64, 4 heads, feed-forward 128) → mean over the tokens → 4-class softmax.
 * Writes bench/results/transformer-step.json.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '@overture/config';
import { initBackend } from '../packages/trainer/src/backend/init-backend.js';
import { EcdModel } from '../packages/trainer/src/model/ecd.js';
import { createOptimizer } from '../packages/trainer/src/optimizers/registry.js';
import { preprocessForTraining } from '../packages/trainer/src/preprocessing/index.js';
import { disposeBatch, makeBatch } from '../packages/trainer/src/training/batches.js';
import { trainStep } from '../packages/trainer/src/training/train-step.js';
import { SeededRandom } from '../packages/trainer/src/util/random.js';
import { benchDir, python } from './lib/paths.js';
import { positiveIntOption } from './lib/cli.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';


const shape = { batch: positiveIntOption('batch', 64), seq: positiveIntOption('seq', 64), vocab: 5000, dim: 64, heads: 4, ff: 128, layers: 2, classes: 4 };
const steps = positiveIntOption('steps', 30);

/** Texts of seq − 2 words (start and stop symbols fill the rest) over a vocabulary of `vocab` words. */
function table(rows: number) {
  const rng = new SeededRandom(3);
  const text: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    const length = Math.max(1, Math.floor((shape.seq - 2) * (0.5 + 0.5 * rng.next())));
    text.push(Array.from({ length }, () => `w${rng.nextInt(shape.vocab - 4)}`).join(' '));
    label.push(`c${rng.nextInt(shape.classes)}`);
  }
  return { columns: ['text', 'label'], rowCount: rows, data: { text, label } };
}

interface KernelTime { kernel: string; calls: number; ms: number }

/** Wraps every registered wasm kernel to count calls and time (per step, averaged over `n` steps). */
function profile(run: () => void, n: number): { kernels: KernelTime[]; step_ms: number } {
  const totals = new Map<string, KernelTime>();
  const restore: (() => void)[] = [];
  for (const config of tf.getKernelsForBackend('wasm')) {
    const original = config.kernelFunc;
    const entry = { kernel: config.kernelName, calls: 0, ms: 0 };
    totals.set(config.kernelName, entry);
    (config as { kernelFunc: tf.KernelFunc }).kernelFunc = (args) => {
      const start = performance.now();
      const out = original(args);
      entry.ms += performance.now() - start;
      entry.calls++;
      return out;
    };
    restore.push(() => { (config as { kernelFunc: tf.KernelFunc }).kernelFunc = original; });
  }
  const start = performance.now();
  try {
    for (let i = 0; i < n; i++) run();
  } finally {
    for (const undo of restore) undo();
  }
  const stepMs = round((performance.now() - start) / n, 2);
  const kernels = [...totals.values()].filter((t) => t.calls > 0).map((t) => ({ kernel: t.kernel, calls: t.calls / n, ms: round(t.ms / n, 3) })).sort((a, b) => b.ms - a.ms);
  return { kernels, step_ms: stepMs };
}

function reference(): { samples_per_s: number } | { unavailable: string } {
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { unavailable: `${python} has no torch (apt-get install -y python3-torch)` };
  const args = [join(benchDir, 'reference', 'transformer_step.py'), '--batch', String(shape.batch), '--seq', String(shape.seq), '--steps', String(steps)];
  const result = spawnSync(python, args, { encoding: 'utf8' });
  if (result.status !== 0) return { unavailable: `reference failed: ${result.stderr.trim().split('\n').pop()}` };
  return JSON.parse(result.stdout) as { samples_per_s: number };
}

async function main(): Promise<void> {
  await initBackend('wasm');
  if (tf.getBackend() !== 'wasm') throw new Error(`the wasm backend did not start (got ${tf.getBackend()})`);
  const config = resolveConfig({
    input_features: [{
      name: 'text', type: 'text', preprocessing: { max_sequence_length: shape.seq, sequence_length: shape.seq, most_common: shape.vocab },
      encoder: { type: 'transformer', num_layers: shape.layers, hidden_size: shape.dim, embedding_size: shape.dim, num_heads: shape.heads, transformer_output_size: shape.ff, reduce_output: 'mean', dropout: 0 },
    }],
    output_features: [{ name: 'label', type: 'category' }],
    trainer: { batch_size: shape.batch, learning_rate: 0.001 },
  }).config;
  const { dataset, metadata } = preprocessForTraining(table(shape.batch * 8), config, { seed: 1 });
  const model = new EcdModel(config, metadata, 1);
  const optimizer = createOptimizer({ type: 'adam' });
  const rng = new SeededRandom(2);
  const rows = Array.from({ length: shape.batch }, (_, i) => i);
  const batch = makeBatch(dataset, Object.keys(dataset.features), rows);
  const step = () => trainStep(model, optimizer, batch, 0.001, rng, null);
  for (let i = 0; i < 3; i++) step();
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[times.length >> 1];
  const { kernels, step_ms: profiledStepMs } = profile(step, 5);
  disposeBatch(batch);
  model.dispose();
  const ours = { median_step_ms: round(medianMs, 2), min_step_ms: round(times[0], 2), samples_per_s: Math.round((shape.batch * 1000) / medianMs) };
  const ref = reference();
  const ratio = 'samples_per_s' in ref ? round(ours.samples_per_s / ref.samples_per_s, 3) : null;
  console.log(formatTable(['network', 'ours samples/s', 'PyTorch 1 thread', 'ratio'], [[
    `transformer ${shape.layers}×(h${shape.dim}, ${shape.heads} heads, ff ${shape.ff}), seq ${shape.seq}, batch ${shape.batch}`,
    ours.samples_per_s.toLocaleString('en-US'), 'samples_per_s' in ref ? ref.samples_per_s.toLocaleString('en-US') : `n/a (${ref.unavailable})`, ratio === null ? 'n/a' : String(ratio),
  ]], ['left', 'right', 'right', 'right']));
  console.log('');
  const inKernels = round(kernels.reduce((t, k) => t + k.ms, 0), 2);
  console.log(`profiled step: ${profiledStepMs} ms wall, ${inKernels} ms in ${kernels.reduce((t, k) => t + k.calls, 0)} kernel calls`);
  console.log(formatTable(['kernel', 'calls/step', 'ms/step'], kernels.slice(0, 15).map((k) => [k.kernel, String(k.calls), String(k.ms)]), ['left', 'right', 'right']));
  const file = await writeResults('transformer-step', { shape, steps, ours, reference: ref, ratio, profiled_step_ms: profiledStepMs, kernels });
  console.log(`\nwrote ${file}`);
}

await main();
