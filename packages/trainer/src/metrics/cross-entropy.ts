/**
 * Cross-entropy losses from probabilities (the training loop hands us softmax/sigmoid outputs,
 * not logits). Probabilities are clamped to [ε, 1 − ε] so a confidently wrong row costs
 * −log ε ≈ 16.1 instead of Infinity; ε matches Keras' backend epsilon.
 */
export const probabilityEpsilon = 1e-7;

function clampProbability(p: number): number {
  return p < probabilityEpsilon ? probabilityEpsilon : p > 1 - probabilityEpsilon ? 1 - probabilityEpsilon : p;
}

/** −[y log p + (1 − y) log(1 − p)] per cell, summed; targets may be soft labels in [0, 1]. */
function sumBinaryCrossEntropy(probabilities: Float32Array, targets: Float32Array | Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = clampProbability(probabilities[i]);
    const y = targets[i];
    sum -= y * Math.log(p) + (1 - y) * Math.log(1 - p);
  }
  return sum;
}

/** Mean binary cross-entropy of P(true) against 0/1 targets. */
export function binaryCrossEntropy(probabilities: Float32Array, targets: Float32Array | Uint8Array): number {
  return sumBinaryCrossEntropy(probabilities, targets) / probabilities.length;
}

/** Mean −log p(true class) over rows of row-major [n, k] probabilities. */
export function softmaxCrossEntropy(probabilities: Float32Array, targets: Int32Array, k: number): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum -= Math.log(clampProbability(probabilities[i * k + targets[i]]));
  return sum / targets.length;
}

/** Mean binary cross-entropy over every (row, class) cell of a multi-label output. */
export function sigmoidCrossEntropy(probabilities: Float32Array, targets: Float32Array | Uint8Array): number {
  return sumBinaryCrossEntropy(probabilities, targets) / probabilities.length;
}
