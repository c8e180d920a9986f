import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../util/random.js';
import { expectedCalibrationError, fitTemperature, negativeLogLikelihood, type LogitSet } from './temperature-scaling.js';

/** Labels drawn from sigmoid(z) of true logits z ~ N(0, 2²); the model reports `sharpness` · z. */
function binarySet(rows: number, sharpness: number, seed = 1): LogitSet {
  const rng = new SeededRandom(seed);
  const logits = new Float32Array(rows);
  const labels = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const z = rng.nextGaussian() * 2;
    labels[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    logits[i] = sharpness * z;
  }
  return { kind: 'binary', logits, labels, classes: 1 };
}

/** Labels drawn from softmax(z) of true logits z ~ N(0, 1.5²) over 4 classes; the model reports `sharpness` · z. */
function categorySet(rows: number, sharpness: number, seed = 2): LogitSet {
  const rng = new SeededRandom(seed);
  const k = 4;
  const logits = new Float32Array(rows * k);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const z = Array.from({ length: k }, () => rng.nextGaussian() * 1.5);
    const e = z.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    let u = rng.next() * total;
    let label = k - 1;
    for (let c = 0; c < k; c++) {
      u -= e[c];
      if (u < 0) {
        label = c;
        break;
      }
    }
    labels[i] = label;
    z.forEach((v, c) => (logits[i * k + c] = sharpness * v));
  }
  return { kind: 'category', logits, labels, classes: k };
}

describe('temperature scaling', () => {
  it('computes the NLL and ECE of a hand-checked binary set', () => {
    // p = σ(0) = 0.5 (label 1) and σ(ln 3) = 0.75 (label 0): NLL = (ln 2 + ln 4) / 2.
    const set: LogitSet = { kind: 'binary', logits: [0, Math.log(3)], labels: [1, 0], classes: 1 };
    expect(negativeLogLikelihood(set, 1)).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 10);
    // Row 0 predicts class 0 (a tie at 0.5 goes to the first class, as torch.max) and is wrong at confidence
    // 0.5; row 1 predicts class 1 and is wrong at 0.75: ECE = (0.5 + 0.75) / 2.
    expect(expectedCalibrationError(set, 1)).toBeCloseTo(0.625, 10);
  });

  it.each([
    ['binary', binarySet(4000, 3)],
    ['category', categorySet(4000, 4)],
  ])('gives an over-confident %s logit set T > 1 with lower NLL and ECE', (_, set) => {
    const fit = fitTemperature(set);
    expect(fit.reverted).toBeNull();
    expect(fit.temperature).toBe(fit.fitted_temperature);
    // The logits are k × the true ones, so the fitted T is near k.
    const k = set.kind === 'binary' ? 3 : 4;
    expect(fit.temperature).toBeGreaterThan(k * 0.85);
    expect(fit.temperature).toBeLessThan(k * 1.15);
    expect(fit.after.nll).toBeLessThan(fit.before.nll - 0.05);
    expect(fit.after.ece).toBeLessThan(fit.before.ece / 2);
    expect(fit.after.nll).toBeCloseTo(negativeLogLikelihood(set, fit.temperature), 12);
  });

  it('gives an under-confident binary set T < 1', () => {
    const fit = fitTemperature(binarySet(4000, 0.4));
    expect(fit.temperature).toBeGreaterThan(0.4 * 0.85);
    expect(fit.temperature).toBeLessThan(0.4 * 1.15);
  });

  it.each([
    ['binary', binarySet(4000, 1)],
    ['category', categorySet(4000, 1)],
  ])('keeps a calibrated %s logit set near T = 1', (_, set) => {
    const fit = fitTemperature(set);
    expect(Math.abs(fit.fitted_temperature - 1)).toBeLessThan(0.08);
    expect(Math.abs(fit.temperature - 1)).toBeLessThan(0.08);
  });

  it("reverts to T = 1 when the fitted temperature raises the ECE (Ludwig's rule), reporting what was found", () => {
    // Two wrong rows at σ(0.5) and two right ones at σ(2): flattening lowers the NLL, but the right rows
    // lose more confidence than the wrong ones (0.881 → 0.848 against 0.622 → 0.606), so the ECE rises.
    const set: LogitSet = { kind: 'binary', logits: [0.5, 0.5, 2, 2], labels: [0, 0, 1, 1], classes: 1 };
    const fit = fitTemperature(set);
    expect(fit.reverted).toBe('ece_increased');
    expect(fit.temperature).toBe(1);
    expect(fit.fitted_temperature).toBeGreaterThan(1.1);
    expect(fit.after.nll).toBeLessThan(fit.before.nll);
    expect(fit.after.ece).toBeGreaterThan(fit.before.ece);
  });

  it('reverts to T = 1 when no temperature lowers the NLL (all logits equal)', () => {
    const set: LogitSet = { kind: 'category', logits: new Float32Array(3 * 6), labels: [0, 1, 2, 0, 1, 2], classes: 3 };
    const fit = fitTemperature(set);
    expect(fit.reverted).toBe('nll_not_lowered');
    expect(fit.temperature).toBe(1);
    expect(fit.before.nll).toBeCloseTo(Math.log(3), 12);
  });
});
