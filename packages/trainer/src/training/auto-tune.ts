/**
 * `batch_size: auto` on CPU. Ludwig caps CPU batches at 128 (its throughput tuner only helps
 * on GPUs); small tables also need enough steps per epoch to learn in few epochs, so the batch
 * is the power of two nearest to a twentieth of the training rows, between 16 and 128.
 * Deterministic: the same data always gets the same batch size.
 */
export function autoBatchSize(trainRows: number, maxBatchSize: number): number {
  const target = trainRows / 20;
  let size = 16;
  while (size * 2 <= target && size < 128) size *= 2;
  return Math.max(1, Math.min(size, maxBatchSize, Math.max(1, trainRows)));
}

/**
 * `eval_batch_size` as Ludwig reads it: 0 or null evaluate with the training batch size; `auto`
 * (Ludwig: the largest power of two that fits in memory) takes at least 256 rows, since CPU
 * memory is rarely the limit for these models and larger batches cost fewer kernel calls.
 */
export function evalBatchSize(setting: number | 'auto' | null, batchSize: number): number {
  return setting === 'auto' ? Math.max(batchSize, 256) : setting || batchSize;
}

/** The sweep of the LR range test: exponential from `min` to `max` over `steps` steps. */
export const LR_RANGE = { min: 1e-6, max: 1, steps: 100 } as const;

/** Bounds of an automatic learning rate: the range test never answers outside them. */
export const AUTO_LR_BOUNDS = { min: 1e-4, max: 0.03 } as const;

/**
 * Picks a learning rate from an LR range test: a tenth of the rate where the smoothed loss is
 * lowest (fast.ai's rule: the minimum itself is already on the edge of divergence), within
 * AUTO_LR_BOUNDS. Losses after the curve diverges are ignored; when the loss never goes down, 0.001.
 */
export function pickLearningRate(rates: number[], losses: number[]): number {
  let avg = 0;
  let best = Infinity;
  let bestIndex = -1;
  for (let i = 0; i < losses.length; i++) {
    if (!Number.isFinite(losses[i])) break;
    avg = 0.8 * avg + 0.2 * losses[i];
    const smoothed = avg / (1 - 0.8 ** (i + 1));
    if (smoothed > 4 * best) break;
    if (smoothed < best) {
      best = smoothed;
      bestIndex = i;
    }
  }
  // A minimum in the first few steps means the loss never went down: the curve says nothing.
  if (bestIndex < 5) return 0.001;
  return Math.min(AUTO_LR_BOUNDS.max, Math.max(AUTO_LR_BOUNDS.min, rates[bestIndex] / 10));
}
