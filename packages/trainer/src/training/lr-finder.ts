import type { ResolvedConfig } from '@overture/config';
import type { ProcessedDataset, TrainingSetMetadata } from '../preprocessing/index.js';
import { EcdModel } from '../model/ecd.js';
import type { NamedArrays } from '../model/parameters.js';
import { createOptimizer } from '../optimizers/registry.js';
import { SeededRandom } from '../util/random.js';
import { disposeBatch, makeBatch } from './batches.js';
import { boundedBatchRows, inputValuesPerRow, LR_RANGE, pickLearningRate } from './auto-tune.js';
import { trainStep } from './train-step.js';

/**
 * LR range test (Smith, 2017) on a throwaway copy of the model (same seed, same initial
 * weights): the rate grows exponentially while the model trains on ONE fixed batch, so the
 * loss curve shows the effect of the rate rather than batch-to-batch noise.
 */
export function findLearningRate(args: { config: ResolvedConfig; dataset: ProcessedDataset; metadata: TrainingSetMetadata; seed: number; rows: Int32Array; batchSize: number; initialWeights?: NamedArrays }): number {
  const { config, dataset, metadata, seed, rows, batchSize } = args;
  // The range test starts where training will (pretrained embeddings included), or it measures another model.
  const model = new EcdModel(config, metadata, seed, args.initialWeights);
  const optimizer = createOptimizer(config.trainer.optimizer as never);
  const names = [...config.input_features, ...config.output_features].map((f) => f.name);
  const order = new SeededRandom(seed + 17).permutation(rows.length);
  // A fixed batch of 256 rows (at least the training batch), fewer when the rows are wide.
  const size = Math.max(batchSize, boundedBatchRows(256, inputValuesPerRow(dataset, config.input_features.map((f) => f.name))));
  const picked = Array.from(order.subarray(0, Math.min(rows.length, size)), (i) => rows[i]);
  const batch = makeBatch(dataset, names, picked, model.stack);
  const rates: number[] = [];
  const losses: number[] = [];
  try {
    for (let i = 0; i < LR_RANGE.steps; i++) {
      const rate = LR_RANGE.min * (LR_RANGE.max / LR_RANGE.min) ** (i / (LR_RANGE.steps - 1));
      const loss = trainStep(model, optimizer, batch, rate, new SeededRandom(seed + i), null).combined;
      rates.push(rate);
      losses.push(loss);
      if (!Number.isFinite(loss) || (losses.length > 10 && loss > 4 * Math.min(...losses))) break;
    }
  } finally {
    disposeBatch(batch);
    model.dispose();
    optimizer.dispose();
  }
  return pickLearningRate(rates, losses);
}
