/**
 * A Gaussian-process regressor for Bayesian optimisation over points in [0, 1]^d: a Matérn-5/2
 * kernel with one length scale per dimension (skopt's default kernel family), a constant amplitude
 * and white noise, the targets standardised. The hyperparameters are picked from a small grid by
 * the log marginal likelihood, which is enough for the few dozen points a hyperopt study has and
 * needs no gradient optimiser.
 */

export interface GpFit {
  predict(x: readonly number[]): { mean: number; sd: number };
  lengthScale: number;
  noise: number;
}

/** Matérn ν = 5/2 correlation at scaled distance r: (1 + √5 r + 5r²/3) e^(−√5 r). */
function matern52(r: number): number {
  const s = Math.sqrt(5) * r;
  return (1 + s + (s * s) / 3) * Math.exp(-s);
}

function distance(a: readonly number[], b: readonly number[], lengthScales: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] - b[i]) / lengthScales[i];
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** Lower-triangular L with L·Lᵀ = A (A symmetric positive definite, row-major n×n), or null when it is not. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (sum <= 0) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L·x = b (forward substitution). */
function solveLower(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** Solves Lᵀ·x = b (back substitution). */
function solveUpper(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/** Length scales (of the unit cube's side) and noise variances (of the standardised targets) tried. */
const lengthScaleGrid = [0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2, 2];
const noiseGrid = [1e-6, 1e-3, 1e-2, 0.1];

/**
 * Fits the GP to (xs, ys): for each (length scale, noise) on the grid, the log marginal likelihood
 * −½ yᵀK⁻¹y − Σ log Lᵢᵢ; the best one is kept. `scales` multiplies the length scale per dimension
 * (e.g. a one-hot block shares one scale: it is one parameter).
 */
export function fitGp(xs: readonly (readonly number[])[], ys: readonly number[], scales?: readonly number[]): GpFit {
  const n = xs.length;
  const mean = ys.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(ys.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  const y = ys.map((v) => (v - mean) / sd);
  const dims = xs[0]?.length ?? 0;
  let best: { ll: number; l: Float64Array; alpha: Float64Array; lengthScales: number[]; lengthScale: number; noise: number } | null = null;
  for (const lengthScale of lengthScaleGrid) {
    const lengthScales = Array.from({ length: dims }, (_, i) => lengthScale * (scales?.[i] ?? 1));
    for (const noise of noiseGrid) {
      const k = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          const v = matern52(distance(xs[i], xs[j], lengthScales)) + (i === j ? noise : 0);
          k[i * n + j] = v;
          k[j * n + i] = v;
        }
      }
      const l = cholesky(k, n);
      if (!l) continue;
      const alpha = solveUpper(l, n, solveLower(l, n, y));
      let ll = 0;
      for (let i = 0; i < n; i++) ll += -0.5 * y[i] * alpha[i] - Math.log(l[i * n + i]);
      if (!best || ll > best.ll) best = { ll, l, alpha, lengthScales, lengthScale, noise };
    }
  }
  if (!best) throw new Error('no Gaussian-process fit: the kernel matrix is not positive definite at any noise level');
  const { l, alpha, lengthScales } = best;
  return {
    lengthScale: best.lengthScale,
    noise: best.noise,
    predict(x) {
      const kx = xs.map((xi) => matern52(distance(x, xi, lengthScales)));
      let mu = 0;
      for (let i = 0; i < n; i++) mu += kx[i] * alpha[i];
      const v = solveLower(l, n, kx);
      let variance = 1;
      for (let i = 0; i < n; i++) variance -= v[i] * v[i];
      return { mean: mean + sd * mu, sd: sd * Math.sqrt(Math.max(variance, 1e-12)) };
    },
  };
}

/** Standard normal density. */
const pdf = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** Standard normal CDF through erfc (W. J. Cody's rational approximation via Numerical Recipes' erfc, |error| < 1.2e-7). */
function cdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

/** Expected improvement below `best` (minimisation), with skopt's exploration margin xi. */
export function expectedImprovement(mean: number, sd: number, best: number, xi = 0.01): number {
  const gain = best - mean - xi;
  if (sd <= 0) return Math.max(gain, 0);
  const z = gain / sd;
  return gain * cdf(z) + sd * pdf(z);
}
