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
 * batch_size and gradient_accumulation_steps from the trainer, as Ludwig resolves them with
 * effective_batch_size (`trainer_utils.get_rendered_batch_size_grad_accum`, one worker): a set
 * effective size fills in the auto one of the two (and bounds the automatic batch); otherwise
 * auto accumulation is 1.
 */
export function resolveBatching(
  trainer: { batch_size: number | 'auto'; max_batch_size: number; effective_batch_size: number | 'auto'; gradient_accumulation_steps: number | 'auto' },
  trainRows: number,
): { batchSize: number; accumulationSteps: number } {
  const effective = trainer.effective_batch_size;
  let steps = trainer.gradient_accumulation_steps;
  let batchSize = trainer.batch_size;
  if (batchSize === 'auto' && effective !== 'auto' && steps !== 'auto') batchSize = Math.max(1, Math.floor(effective / steps));
  if (batchSize === 'auto') batchSize = autoBatchSize(trainRows, effective === 'auto' ? trainer.max_batch_size : Math.min(effective, trainer.max_batch_size));
  if (steps === 'auto') steps = effective === 'auto' ? 1 : Math.max(1, Math.floor(effective / batchSize));
  return { batchSize, accumulationSteps: steps };
}

/**
 * `eval_batch_size` as Ludwig reads it: 0 or null evaluate with the training batch size; `auto`
 * (Ludwig: the largest power of two that fits in memory) takes at least 256 rows, since CPU
 * memory is rarely the limit for these models and larger batches cost fewer kernel calls.
 */
export function evalBatchSize(setting: number | 'auto' | null, batchSize: number): number {
  return setting === 'auto' ? Math.max(batchSize, 256) : setting || batchSize;
}

/**
 * Input values one batch of many rows (evaluation, prediction, the LR range test) holds at most:
 * 2^21 (8 MiB of float32). A wide row (an audio input is 374 frames × 80 bands, 29,920 values)
 * makes every activation wide too, and a 1,024-row batch of them would need several GiB of the
 * wasm heap, whose pointers overflow past 2 GiB; tabular rows are unaffected.
 */
export const MAX_BATCH_INPUT_VALUES = 2 ** 21;

/** `wanted` rows, fewer when rows of `valuesPerRow` input values would exceed MAX_BATCH_INPUT_VALUES (at least one). */
export function boundedBatchRows(wanted: number, valuesPerRow: number): number {
  return Math.max(1, Math.min(wanted, Math.floor(MAX_BATCH_INPUT_VALUES / Math.max(1, valuesPerRow))));
}

/** Input values per row of a dataset's input features. */
export function inputValuesPerRow(dataset: { features: Record<string, { width: number }> }, inputNames: readonly string[]): number {
  return inputNames.reduce((sum, name) => sum + (dataset.features[name]?.width ?? 0), 0);
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
