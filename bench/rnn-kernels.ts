/**
 * Benchmark: samples/s of one training step (forward, gradients, SGD update) of an LSTM text
 * classifier — embeddings → one LSTM layer → the state at the last real step → a linear layer →
 * softmax cross entropy — with our fused recurrent kernels (`layers/rnn.ts` recurrentDirection)
 * against the same cells written as tfjs ops (`recurrentReference`, what a straightforward tfjs
 * LSTM costs) on wasm, interleaved in one process; and PyTorch's nn.LSTM with one thread when
 * /usr/bin/python3 has torch (`reference/lstm_classifier.py`), on the same shapes.
 *
 *   npm run bench -- rnn-kernels [--batch N] [--seq N] [--hidden N] [--rounds N]
 *
 * Texts have random lengths between seq/4 and seq, padded on the right, as after preprocessing.
 * Writes bench/results/rnn-kernels.json.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../packages/trainer/src/backend/init-backend.js';
import { embeddingLookup } from '../packages/trainer/src/layers/embedding.js';
import { recurrentDirection, recurrentReference, type RnnCellAttrs, type RnnWeights } from '../packages/trainer/src/layers/rnn.js';
import { poolOverTime } from '../packages/trainer/src/layers/sequence-pooling.js';
import { benchDir, python } from './lib/paths.js';
import { positiveIntOption } from './lib/cli.js';
import { writeResults } from './lib/results.js';
import { round } from './lib/stats.js';
import { formatTable } from './lib/table.js';


const shapes = { batch: positiveIntOption('batch', 64), seq: positiveIntOption('seq', 64), vocab: 20002, dim: 64, hidden: positiveIntOption('hidden', 128), classes: 4 };
const rounds = positiveIntOption('rounds', 5);
const STEPS_PER_ROUND = 3;
const attrs: RnnCellAttrs = { cell: 'lstm', reverse: false, activation: 'tanh', recurrentActivation: 'sigmoid' };

function seeded(seed: number, n: number, scale: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return ((s / 4294967296) * 2 - 1) * scale;
  });
}

function makeModel() {
  const { batch, seq, vocab, dim, hidden, classes } = shapes;
  const width = 4 * hidden;
  const lengths = Array.from({ length: batch }, (_, b) => Math.max(1, Math.round(seq / 4 + ((b * 7919) % 1000) / 1000 * (seq * 3 / 4))));
  const ids = Int32Array.from({ length: batch * seq }, (_, k) => (k % seq < lengths[Math.floor(k / seq)] ? 4 + ((k * 2654435761) >>> 0) % (vocab - 4) : 2));
  const mask = Int32Array.from(ids, (id) => (id === 2 ? 0 : 1));
  const last = new Int32Array(batch * seq);
  lengths.forEach((n, b) => { last[b * seq + n - 1] = 1; });
  const variables = [
    tf.variable(tf.tensor2d(seeded(1, vocab * dim, 0.1), [vocab, dim])),
    tf.variable(tf.tensor2d(seeded(2, dim * width, 0.1), [dim, width])),
    tf.variable(tf.tensor2d(seeded(3, hidden * width, 0.1), [hidden, width])),
    tf.variable(tf.tensor1d(seeded(4, width, 0.1))),
    tf.variable(tf.tensor1d(seeded(5, width, 0.1))),
    tf.variable(tf.tensor2d(seeded(6, hidden * classes, 0.1), [hidden, classes])),
  ];
  const data = {
    ids: tf.tensor2d(ids, [batch, seq], 'int32'),
    mask: tf.tensor2d(mask, [batch, seq], 'int32'),
    last: tf.tensor2d(last, [batch, seq], 'int32'),
    labels: tf.oneHot(tf.tensor1d(lengths.map((n) => n % classes), 'int32'), classes),
  };
  return { variables, data };
}

type Model = ReturnType<typeof makeModel>;

function trainStep(model: Model, cells: typeof recurrentDirection): void {
  const { variables: v, data } = model;
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const x = embeddingLookup(v[0] as tf.Tensor2D, data.ids as tf.Tensor2D);
      const w: RnnWeights = { kernel: v[1] as tf.Tensor2D, recurrent: v[2] as tf.Tensor2D, bias: v[3] as tf.Tensor1D, recurrentBias: v[4] as tf.Tensor1D };
      const states = cells(x, w, data.mask as tf.Tensor2D, attrs);
      const logits = tf.matMul(poolOverTime(states, data.last as tf.Tensor2D, 'sum'), v[5]);
      return tf.losses.softmaxCrossEntropy(data.labels, logits) as tf.Scalar;
    });
    for (const variable of v) variable.assign(tf.sub(variable, tf.mul(grads[variable.name], 0.01)));
    value.dataSync();
  });
}

const implementations = {
  'ours: fused kernels (wasm)': recurrentDirection,
  'tfjs ops per step (wasm)': (x: tf.Tensor3D, w: RnnWeights, mask: tf.Tensor2D | null, a: RnnCellAttrs) => recurrentReference(x, w, mask, a),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measureTorch(): { samples_per_s: number; median_ms: number } | string {
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${python} has no torch (apt-get install -y python3-torch)`;
  const args = [join(benchDir, 'reference', 'lstm_classifier.py'), '--batch', String(shapes.batch), '--seq', String(shapes.seq),
    '--vocab', String(shapes.vocab), '--dim', String(shapes.dim), '--hidden', String(shapes.hidden), '--classes', String(shapes.classes),
    '--steps', String(rounds * STEPS_PER_ROUND)];
  const result = spawnSync(python, args, { encoding: 'utf8' });
  if (result.status !== 0) return `reference failed: ${result.stderr.trim().split('\n').pop()}`;
  return JSON.parse(result.stdout) as { samples_per_s: number; median_ms: number };
}

async function main(): Promise<void> {
  await initBackend('wasm');
  if (tf.getBackend() !== 'wasm') throw new Error('the wasm backend did not start');
  const model = makeModel();
  const entries = Object.entries(implementations);
  const times = new Map<string, number[]>(entries.map(([name]) => [name, []]));
  for (const [, cells] of entries) trainStep(model, cells);
  const before = tf.memory().numTensors;
  for (let r = 0; r < rounds; r++) {
    for (const [name, cells] of entries) {
      for (let s = 0; s < STEPS_PER_ROUND; s++) {
        const started = performance.now();
        trainStep(model, cells);
        times.get(name)!.push(performance.now() - started);
      }
    }
  }
  if (tf.memory().numTensors !== before) throw new Error(`tensors leaked (${before} → ${tf.memory().numTensors})`);
  const rows = entries.map(([name]) => {
    const ms = median(times.get(name)!);
    return { implementation: name, median_ms: round(ms, 2), min_ms: round(Math.min(...times.get(name)!), 2), samples_per_s: Math.round(shapes.batch / (ms / 1000)) };
  });
  const torch = measureTorch();
  if (typeof torch !== 'string') rows.push({ implementation: 'PyTorch nn.LSTM, 1 thread', median_ms: round(torch.median_ms, 2), min_ms: NaN, samples_per_s: torch.samples_per_s });
  const ours = rows[0].samples_per_s;
  console.log(`LSTM classifier, one training step: batch ${shapes.batch} × ${shapes.seq} tokens, embeddings ${shapes.dim}, state ${shapes.hidden}; median of ${rounds * STEPS_PER_ROUND} steps\n`);
  console.log(formatTable(
    ['implementation', 'median ms', 'samples/s', 'ours ÷ this'],
    rows.map((r) => [r.implementation, r.median_ms.toFixed(2), String(r.samples_per_s), (ours / r.samples_per_s).toFixed(2)]),
    ['left', 'right', 'right', 'right'],
  ));
  if (typeof torch === 'string') console.log(`\nPyTorch reference skipped: ${torch}`);
  const file = await writeResults('rnn-kernels', { shapes, rounds, steps_per_round: STEPS_PER_ROUND, results: rows, torch_skipped: typeof torch === 'string' ? torch : null });
  console.log(`\nwrote ${file}`);
}

await main();
