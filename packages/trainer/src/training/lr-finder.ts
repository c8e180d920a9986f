import type { ResolvedConfig } from '@overture/config';
import type { ProcessedDataset, TrainingSetMetadata } from '../preprocessing/index.js';
import { EcdModel } from '../model/ecd.js';
import { createOptimizer } from '../optimizers/registry.js';
import { SeededRandom } from '../util/random.js';
import { disposeBatch, makeBatch } from './batches.js';
import * as tf from '@tensorflow/tfjs-core';
import { pickLearningRate } from './auto-tune.js';

const STEPS = 60;
const MIN_RATE = 1e-5;
const MAX_RATE = 1;

/**
 * LR range test on a throwaway copy of the model (same seed, so the same initial weights):
 * the rate grows from 1e-5 to 1 over 60 steps and `pickLearningRate` reads the loss curve.
 */
export function findLearningRate(args: { config: ResolvedConfig; dataset: ProcessedDataset; metadata: TrainingSetMetadata; seed: number; rows: Int32Array; batchSize: number }): number {
  const { config, dataset, metadata, seed, rows, batchSize } = args;
  const model = new EcdModel(config, metadata, seed);
  const optimizer = createOptimizer(config.trainer.optimizer as never);
  const names = [...config.input_features, ...config.output_features].map((f) => f.name);
  const order = new SeededRandom(seed + 17).permutation(rows.length);
  const rates: number[] = [];
  const losses: number[] = [];
  try {
    for (let i = 0; i < STEPS; i++) {
      const rate = MIN_RATE * (MAX_RATE / MIN_RATE) ** (i / (STEPS - 1));
      const picked: number[] = [];
      for (let j = 0; j < Math.min(batchSize, rows.length); j++) picked.push(rows[order[(i * batchSize + j) % rows.length]]);
      const batch = makeBatch(dataset, names, picked, model.stack);
      const trainables = model.params.trainable();
      const { value, grads } = tf.variableGrads(() => {
        const raw = model.forward(batch, { training: true, rng: new SeededRandom(seed + i) });
        return model.loss(raw, batch).total;
      }, trainables.map((t) => t.variable));
      optimizer.apply(trainables.map((t) => ({ name: t.name, variable: t.variable, grad: grads[t.variable.name] })), rate);
      const loss = value.dataSync()[0];
      tf.dispose([value, ...Object.values(grads)]);
      disposeBatch(batch);
      rates.push(rate);
      losses.push(loss);
      if (!Number.isFinite(loss)) break;
    }
  } finally {
    model.dispose();
    optimizer.dispose();
  }
  return pickLearningRate(rates, losses);
}
