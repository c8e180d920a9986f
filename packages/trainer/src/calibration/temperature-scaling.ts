import { calibrationBins } from '../metrics/calibration.js';

/**
 * Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017), as
 * Ludwig's `TemperatureScaling`: one T > 0 divides every logit before the sigmoid or softmax. It
 * never changes a category's argmax; it moves a binary probability relative to its threshold.
 */

/** One output's logits over the rows a temperature is fitted on. */
export interface LogitSet {
  /** 'binary': one logit per row (P(true) = sigmoid); 'category': `classes` logits per row, row-major. */
  kind: 'binary' | 'category';
  logits: ArrayLike<number>;
  /** Binary: 0 or 1. Category: the class index. */
  labels: ArrayLike<number>;
  /** Logits per row: 1 for binary. */
  classes: number;
}

/** Ludwig's ECELoss uses 15 equal-width confidence bins. */
export const ECE_BIN_COUNT = 15;

/** The search interval of log T: T from 0.05 (sharpen 20x) to 20 (flatten 20x). */
export const LOG_TEMPERATURE_RANGE = [Math.log(0.05), Math.log(20)] as const;

export interface CalibrationScores {
  /** Mean negative log-likelihood (unweighted cross entropy, as Ludwig's nn.CrossEntropyLoss). */
  nll: number;
  /** Expected calibration error of the top-label confidence. */
  ece: number;
}

export interface TemperatureFit {
  /** The temperature to apply: the fitted one, or 1 when the fit was reverted. */
  temperature: number;
  /** What the search found, kept even when reverted so the log can say why. */
  fitted_temperature: number;
  before: CalibrationScores;
  /** Scores at the fitted temperature. */
  after: CalibrationScores;
  /** Why T = 1 was kept: Ludwig's rule (ECE rose) or our guard (NLL did not fall). */
  reverted: 'ece_increased' | 'nll_not_lowered' | null;
  rows: number;
}

function rowCount(set: LogitSet): number {
  return set.labels.length;
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Mean NLL of the labels under logits / T, in float64. */
export function negativeLogLikelihood(set: LogitSet, temperature: number): number {
  const n = rowCount(set);
  if (n === 0) return 0;
  let total = 0;
  if (set.kind === 'binary') {
    // −log σ(z) = softplus(−z), −log(1 − σ(z)) = softplus(z).
    for (let i = 0; i < n; i++) {
      const z = set.logits[i] / temperature;
      total += set.labels[i] >= 0.5 ? softplus(-z) : softplus(z);
    }
    return total / n;
  }
  const k = set.classes;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, set.logits[i * k + c] / temperature);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(set.logits[i * k + c] / temperature - max);
    total += max + Math.log(sum) - set.logits[i * k + set.labels[i]] / temperature;
  }
  return total / n;
}

/**
 * ECE of the top label (Ludwig's ECELoss): confidence = the largest probability, correct = the
 * argmax is the label; a binary output is read as two classes [1 − p, p], as Ludwig does.
 * Bins are those of our reliability diagrams (`calibrationBins`), [lower, upper) where
 * Ludwig's are (lower, upper]: only a confidence exactly on a boundary can land differently.
 */
export function expectedCalibrationError(set: LogitSet, temperature: number): number {
  const n = rowCount(set);
  const confidence = new Float64Array(n);
  const correct = new Uint8Array(n);
  const k = set.classes;
  for (let i = 0; i < n; i++) {
    if (set.kind === 'binary') {
      const p = 1 / (1 + Math.exp(-set.logits[i] / temperature));
      const predicted = p > 0.5 ? 1 : 0;
      confidence[i] = Math.max(p, 1 - p);
      correct[i] = predicted === (set.labels[i] >= 0.5 ? 1 : 0) ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (set.logits[i * k + c] > set.logits[i * k + best]) best = c;
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp((set.logits[i * k + c] - set.logits[i * k + best]) / temperature);
    confidence[i] = 1 / sum;
    correct[i] = best === set.labels[i] ? 1 : 0;
  }
  return calibrationBins(confidence, (i) => correct[i], ECE_BIN_COUNT).expected_calibration_error;
}

export function calibrationScores(set: LogitSet, temperature: number): CalibrationScores {
  return { nll: negativeLogLikelihood(set, temperature), ece: expectedCalibrationError(set, temperature) };
}

/**
 * Golden-section search for the minimum of `f` on [lo, hi]. The NLL is convex in 1/T (a
 * log-sum-exp of terms linear in 1/T, minus a linear term), so it is unimodal in log T and the
 * search finds its minimum over the interval.
 */
function goldenSectionMinimum(f: (x: number) => number, lo: number, hi: number, tolerance: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/**
 * Fits T by minimising the NLL over log T ∈ LOG_TEMPERATURE_RANGE. Ludwig's rule keeps T = 1
 * when the ECE rises; we also keep it when the NLL does not fall (the fit's own objective: a T
 * that does not lower it only reshuffles bins).
 */
export function fitTemperature(set: LogitSet): TemperatureFit {
  const before = calibrationScores(set, 1);
  const logT = goldenSectionMinimum((u) => negativeLogLikelihood(set, Math.exp(u)), LOG_TEMPERATURE_RANGE[0], LOG_TEMPERATURE_RANGE[1], 1e-5);
  const fitted = Math.exp(logT);
  const after = calibrationScores(set, fitted);
  const reverted = after.ece > before.ece ? 'ece_increased' : !(after.nll < before.nll) ? 'nll_not_lowered' : null;
  return { temperature: reverted ? 1 : fitted, fitted_temperature: fitted, before, after, reverted, rows: rowCount(set) };
}
