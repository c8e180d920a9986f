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
 * Picks a learning rate from an LR range test (Smith, 2017; Ludwig's `learning_rate: auto`):
 * losses recorded while the rate grows exponentially; the answer is the rate of the steepest
 * descent of the smoothed loss curve, before the loss diverges.
 */
export function pickLearningRate(rates: number[], losses: number[]): number {
  const smoothed: number[] = [];
  let avg = 0;
  for (let i = 0; i < losses.length; i++) {
    avg = 0.7 * avg + 0.3 * losses[i];
    smoothed.push(avg / (1 - 0.7 ** (i + 1)));
  }
  let bestLoss = Infinity;
  let end = smoothed.length;
  for (let i = 0; i < smoothed.length; i++) {
    if (!Number.isFinite(smoothed[i]) || smoothed[i] > 4 * bestLoss) {
      end = i;
      break;
    }
    bestLoss = Math.min(bestLoss, smoothed[i]);
  }
  let steepest = -1;
  let steepestSlope = 0;
  for (let i = 1; i < end - 1; i++) {
    const slope = (smoothed[i + 1] - smoothed[i - 1]) / (Math.log(rates[i + 1]) - Math.log(rates[i - 1]));
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }
  if (steepest < 0) return 0.001;
  return Math.min(0.1, Math.max(1e-5, rates[steepest]));
}
