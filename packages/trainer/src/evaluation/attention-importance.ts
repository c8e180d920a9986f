import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';
import type { ProcessedDataset } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import type { TabNetCombiner } from '../combiners/tabnet.js';
import { locateFeatures } from '../combiners/feature-columns.js';
import { disposeBatch, makeBatch } from '../training/batches.js';
import { SeededRandom } from '../util/random.js';

export interface AttentionImportance {
  feature: string;
  /** Mean share of the row's aggregated TabNet attention on this feature's columns (the shares sum to 1). */
  importance: number;
}

function isTabNet(combiner: unknown): combiner is TabNetCombiner {
  return typeof (combiner as Partial<TabNetCombiner>).forwardWithMasks === 'function';
}

/**
 * TabNet's own explanation (Arik & Pfister, 2019, §4 "Interpretability"): each row's aggregated
 * mask, normalized to sum 1 over the input columns, summed over each feature's columns and
 * averaged over the rows. Sorted most important first. A model with another combiner is refused.
 */
export function tabnetAttentionImportance(model: EcdModel, dataset: ProcessedDataset, rows: Int32Array, batchSize = 256): AttentionImportance[] {
  const combiner = model.combiner;
  if (!isTabNet(combiner)) throw new OvertureError('invalid_input', `attention importance needs the tabnet combiner; this model's is ${model.config.combiner.type}`);
  if (rows.length === 0) throw new OvertureError('invalid_input', 'attention importance needs at least one row');
  const names = model.inputFeatures.map((f) => f.name);
  const ctx = { training: false, rng: new SeededRandom(0) };
  let columns: ReturnType<typeof locateFeatures> | null = null;
  let offsets: number[] = [];
  const totals = new Map<string, number>();
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = makeBatch(dataset, names, rows.subarray(start, Math.min(rows.length, start + batchSize)), model.stack);
    try {
      const [shares, width] = tf.tidy(() => {
        const encoded = model.encode(batch, ctx);
        if (!columns) {
          columns = locateFeatures(encoded.map((e) => e.shape[1]), model.combinerInputFeatures);
          const sizes = encoded.map((e) => e.shape[1]);
          offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
        }
        const masks = combiner.forwardWithMasks(encoded, ctx).aggregatedMasks;
        // A row whose decisions are all zero has no attention to share: it counts as 0 everywhere.
        const normalized = tf.divNoNan(masks, tf.sum(masks, 1, true));
        return [normalized.dataSync() as Float32Array, masks.shape[1]] as const;
      });
      for (const f of columns!) {
        let sum = 0;
        const from = offsets[f.tensor] + f.start;
        for (let r = 0; r < shares.length / width; r++) for (let j = from; j < from + f.width; j++) sum += shares[r * width + j];
        totals.set(f.name, (totals.get(f.name) ?? 0) + sum);
      }
    } finally {
      disposeBatch(batch);
    }
  }
  return [...totals].map(([feature, sum]) => ({ feature, importance: sum / rows.length })).sort((a, b) => b.importance - a.importance);
}
