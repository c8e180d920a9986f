import * as tf from '@tensorflow/tfjs-core';
import { runArrayKernel, type ArrayKernel } from '../backend/array-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';

/**
 * Sparse alternatives to softmax over the last axis of a [batch, width] matrix: sparsemax
 * (Martins & Astudillo, 2016) and 1.5-entmax (Peters, Niculae & Martins, 2019). Both are
 * p = [x − τ]₊^(1/(α−1)) with the threshold τ that makes each row sum to 1, found exactly from
 * the row sorted in decreasing order; any other α (Ludwig's entmax_mode constant) by bisection.
 * A row of a TabNet mask is a few dozen values, so the threshold search is one JavaScript kernel
 * per direction instead of a dozen small tensor ops (or hundreds, for the bisection).
 */
export type EntmaxKind = 'sparsemax' | 'entmax15' | 'bisect';

interface EntmaxAttrs {
  kind: EntmaxKind;
  /** α of `bisect` (Ludwig's entmax_mode constant): any α in (1, 2]; α = 1 is softmax. */
  alpha: number;
}

/** Bisection steps of α-entmax, as Ludwig's EntmaxBisect: the threshold interval shrinks 2⁵⁰-fold. */
export const BISECTION_STEPS = 50;

/**
 * The threshold of one row for the sorted values `sorted` (decreasing): the largest support
 * size k whose candidate threshold still leaves its k-th value in the support.
 * sparsemax: τ_k = (Σ_{i≤k} x_i − 1)/k, support while 1 + k·x_k > Σ_{i≤k} x_i.
 * 1.5-entmax on x = z/2: τ_k = mean_k − √(max(0, (1 − k·var_k)/k)), support while τ_k ≤ x_k.
 */
function rowThreshold(kind: 'sparsemax' | 'entmax15', sorted: Float64Array): number {
  let sum = 0;
  let sumSquares = 0;
  let tau = 0;
  for (let k = 1; k <= sorted.length; k++) {
    const x = sorted[k - 1];
    sum += x;
    sumSquares += x * x;
    let candidate: number;
    let inSupport: boolean;
    if (kind === 'sparsemax') {
      candidate = (sum - 1) / k;
      inSupport = 1 + k * x > sum;
    } else {
      const mean = sum / k;
      const spread = sumSquares - k * mean * mean;
      candidate = mean - Math.sqrt(Math.max(0, (1 - spread) / k));
      inSupport = candidate <= x;
    }
    // The support is a prefix of the sorted row: the first value left out ends it.
    if (!inSupport && k > 1) break;
    tau = candidate;
  }
  return tau;
}

/**
 * α-entmax of one row by bisection on τ (Blondel et al., 2019; Ludwig's EntmaxBisect): x = (α − 1)·z,
 * τ ∈ [max − 1, max − d^(1−α)], p = [x − τ]₊^(1/(α−1)) at the last midpoint, renormalized to sum 1.
 */
function bisectRow(z: Float32Array, base: number, width: number, alpha: number, out: Float32Array): void {
  let max = -Infinity;
  for (let j = 0; j < width; j++) max = Math.max(max, z[base + j]);
  if (alpha === 1) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += Math.exp(z[base + j] - max);
    for (let j = 0; j < width; j++) out[base + j] = Math.exp(z[base + j] - max) / sum;
    return;
  }
  const scale = alpha - 1;
  const power = 1 / scale;
  const x = new Float64Array(width);
  for (let j = 0; j < width; j++) x[j] = (z[base + j] - max) * scale;
  const mass = (tau: number) => {
    let m = 0;
    for (let j = 0; j < width; j++) if (x[j] > tau) m += (x[j] - tau) ** power;
    return m;
  };
  let lo = -1;
  let step = -(width ** -scale) - lo;
  let tau = lo;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    step /= 2;
    tau = lo + step;
    if (mass(tau) - 1 >= 0) lo = tau;
  }
  const total = mass(tau);
  for (let j = 0; j < width; j++) out[base + j] = x[j] > tau ? (x[j] - tau) ** power / total : 0;
}

const forwardKernel: ArrayKernel<EntmaxAttrs> = {
  name: 'OvertureEntmaxForward',
  outputShape: ([shape]) => shape,
  compute: ([z], [shape], out, { kind, alpha }) => {
    const width = shape[shape.length - 1];
    const rows = width === 0 ? 0 : z.length / width;
    const row = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      if (kind === 'bisect') {
        bisectRow(z, base, width, alpha, out);
        continue;
      }
      // Both maps are shift invariant: subtracting the row maximum keeps the sums small.
      let max = -Infinity;
      for (let j = 0; j < width; j++) max = Math.max(max, z[base + j]);
      const scale = kind === 'entmax15' ? 0.5 : 1;
      for (let j = 0; j < width; j++) row[j] = (z[base + j] - max) * scale;
      const sorted = Float64Array.from(row).sort().reverse();
      const tau = rowThreshold(kind as 'sparsemax' | 'entmax15', sorted);
      for (let j = 0; j < width; j++) {
        const v = Math.max(0, row[j] - tau);
        out[base + j] = kind === 'entmax15' ? v * v : v;
      }
    }
  },
  fallback: ([z], { kind, alpha }) => entmaxWithOps(z as tf.Tensor2D, kind, alpha),
};

/**
 * The Jacobian of α-entmax is diag(s) − s·sᵀ/Σs with s = p^(2−α) on the support (Peters et al.,
 * 2019, Prop. 2): s is the support indicator for sparsemax and √p for 1.5-entmax, so
 * dz = s·dy − s·(Σ s·dy)/(Σ s), from the output alone.
 */
const backwardKernel: ArrayKernel<EntmaxAttrs> = {
  name: 'OvertureEntmaxBackward',
  outputShape: ([shape]) => shape,
  compute: ([p, dy], [shape], out, { kind, alpha }) => {
    const width = shape[shape.length - 1];
    const rows = width === 0 ? 0 : p.length / width;
    const exponent = 2 - alphaOf(kind, alpha);
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      let sumS = 0;
      let sumSdy = 0;
      for (let j = 0; j < width; j++) {
        const s = supportWeight(exponent, p[base + j]);
        sumS += s;
        sumSdy += s * dy[base + j];
      }
      const mean = sumS > 0 ? sumSdy / sumS : 0;
      for (let j = 0; j < width; j++) out[base + j] = supportWeight(exponent, p[base + j]) * (dy[base + j] - mean);
    }
  },
  fallback: ([p, dy], { kind, alpha }) => tf.tidy(() => {
    const exponent = 2 - alphaOf(kind, alpha);
    const s = exponent === 0 ? tf.cast(tf.greater(p, 0), 'float32') : tf.pow(p, exponent);
    const mean = tf.divNoNan(tf.sum(tf.mul(s, dy), -1, true), tf.sum(s, -1, true));
    return tf.mul(s, tf.sub(dy, mean));
  }),
};

const alphaOf = (kind: EntmaxKind, alpha: number) => (kind === 'sparsemax' ? 2 : kind === 'entmax15' ? 1.5 : alpha);

/** s = p^(2−α) on the support (p^0 = 1 for sparsemax, p itself for the softmax limit). */
function supportWeight(exponent: number, p: number): number {
  if (p <= 0) return 0;
  return exponent === 0 ? 1 : exponent === 0.5 ? Math.sqrt(p) : p ** exponent;
}

/** sparsemax / 1.5-entmax / α-entmax by bisection over the last axis, with its gradient. */
export function entmax(z: tf.Tensor2D, kind: EntmaxKind, alpha = 1.5): tf.Tensor2D {
  const attrs: EntmaxAttrs = { kind, alpha };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const p = runArrayKernel(forwardKernel, [args[0] as tf.Tensor], attrs) as tf.Tensor2D;
    save([p]);
    return {
      value: p,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => runArrayKernel(backwardKernel, [saved[0], dy], attrs),
    };
  });
  return op(z) as tf.Tensor2D;
}

/**
 * The same maps with tensor ops (sort by topk, cumulative sums), for backends whose memory the
 * kernels cannot read; also the reference the kernels are tested against.
 */
export function entmaxWithOps(z: tf.Tensor2D, kind: EntmaxKind, alpha = 1.5): tf.Tensor2D {
  if (kind === 'bisect') return bisectWithOps(z, alpha);
  return tf.tidy(() => {
    const width = z.shape[1];
    const scaled = tf.mul(tf.sub(z, tf.max(z, -1, true)), kind === 'entmax15' ? 0.5 : 1);
    const sorted = tf.topk(scaled, width, true).values;
    const k = tf.range(1, width + 1, 1, 'float32');
    const sum = tf.cumsum(sorted, 1);
    let tau: tf.Tensor;
    let inSupport: tf.Tensor;
    if (kind === 'sparsemax') {
      tau = tf.div(tf.sub(sum, 1), k);
      inSupport = tf.greater(tf.add(1, tf.mul(k, sorted)), sum);
    } else {
      const mean = tf.div(sum, k);
      const spread = tf.sub(tf.cumsum(tf.square(sorted), 1), tf.mul(k, tf.square(mean)));
      tau = tf.sub(mean, tf.sqrt(tf.relu(tf.div(tf.sub(1, spread), k))));
      inSupport = tf.lessEqual(tau, sorted);
    }
    const supportSize = tf.sum(tf.cast(inSupport, 'float32'), -1, true);
    const threshold = tf.sum(tf.mul(tau, tf.cast(tf.equal(k, supportSize), 'float32')), -1, true);
    const v = tf.relu(tf.sub(scaled, threshold));
    return (kind === 'entmax15' ? tf.square(v) : v) as tf.Tensor2D;
  });
}

function bisectWithOps(z: tf.Tensor2D, alpha: number): tf.Tensor2D {
  return tf.tidy(() => {
    if (alpha === 1) return tf.softmax(z);
    const width = z.shape[1];
    const power = 1 / (alpha - 1);
    const x = tf.mul(tf.sub(z, tf.max(z, -1, true)), alpha - 1);
    const mass = (tau: tf.Tensor) => tf.sum(tf.pow(tf.relu(tf.sub(x, tau)), power), -1, true);
    let lo: tf.Tensor = tf.fill([z.shape[0], 1], -1);
    let step = -(width ** -(alpha - 1)) + 1;
    let tau = lo;
    for (let i = 0; i < BISECTION_STEPS; i++) {
      step /= 2;
      tau = tf.add(lo, step);
      lo = tf.where(tf.greaterEqual(mass(tau), 1), tau, lo);
    }
    return tf.div(tf.pow(tf.relu(tf.sub(x, tau)), power), mass(tau)) as tf.Tensor2D;
  });
}

/** α-entmax by the same bisection as the kernel, unrolled into ONNX nodes. */
function emitBisect(g: OnnxGraph, z: string, width: number, alpha: number): string {
  const max = g.op('ReduceMax', [z], { axes: attr.ints([1]), keepdims: attr.int(1) });
  const shifted = g.op('Sub', [z, max]);
  if (alpha === 1) return g.op('Softmax', [shifted], { axis: attr.int(1) });
  const x = g.op('Mul', [shifted, g.scalar(alpha - 1)]);
  const power = g.scalar(1 / (alpha - 1));
  const axes = g.constant([1], [1], 'int64', 'axes');
  const lifted = (tau: string) => g.op('Pow', [g.op('Relu', [g.op('Sub', [x, tau])]), power]);
  const mass = (tau: string) => g.op('ReduceSum', [lifted(tau), axes], { keepdims: attr.int(1) });
  // lo starts at −1 for every row: a [batch, 1] column from the row maxima.
  let lo = g.op('Sub', [g.op('Mul', [max, g.scalar(0)]), g.scalar(1)]);
  let step = -(width ** -(alpha - 1)) + 1;
  let tau = lo;
  for (let i = 0; i < BISECTION_STEPS; i++) {
    step /= 2;
    tau = g.op('Add', [lo, g.scalar(step)]);
    lo = g.op('Where', [g.op('GreaterOrEqual', [mass(tau), g.scalar(1)]), tau, lo]);
  }
  return g.op('Div', [lifted(tau), mass(tau)]);
}

/**
 * `entmax` as ONNX opset 17 nodes over a [batch, width] tensor of static width: TopK (all `width`
 * values, sorted) stands in for the sort, CumSum for the running sums, and GatherElements picks
 * each row's threshold at its support size.
 */
export function emitEntmax(g: OnnxGraph, z: string, width: number, kind: EntmaxKind, alpha = 1.5): string {
  if (kind === 'bisect') return emitBisect(g, z, width, alpha);
  const lastAxis = g.constant([1], [1], 'int64', 'axes');
  const max = g.op('ReduceMax', [z], { axes: attr.ints([1]), keepdims: attr.int(1) });
  let x = g.op('Sub', [z, max]);
  if (kind === 'entmax15') x = g.op('Mul', [x, g.scalar(0.5)]);
  const topk = g.opOutputs('TopK', [x, g.constant([width], [1], 'int64', 'k')], 2, { axis: attr.int(1), largest: attr.int(1), sorted: attr.int(1) });
  const sorted = topk[0];
  const axis = g.constant([1], [], 'int64', 'axis');
  const sum = g.op('CumSum', [sorted, axis]);
  const k = g.constant(Array.from({ length: width }, (_, i) => i + 1), [1, width], 'float32', 'support_sizes');
  let tau: string;
  let inSupport: string;
  if (kind === 'sparsemax') {
    tau = g.op('Div', [g.op('Sub', [sum, g.scalar(1)]), k]);
    inSupport = g.op('Greater', [g.op('Add', [g.scalar(1), g.op('Mul', [k, sorted])]), sum]);
  } else {
    const mean = g.op('Div', [sum, k]);
    const spread = g.op('Sub', [g.op('CumSum', [g.op('Mul', [sorted, sorted]), axis]), g.op('Mul', [k, g.op('Mul', [mean, mean])])]);
    const delta = g.op('Relu', [g.op('Div', [g.op('Sub', [g.scalar(1), spread]), k])]);
    tau = g.op('Sub', [mean, g.op('Sqrt', [delta])]);
    inSupport = g.op('LessOrEqual', [tau, sorted]);
  }
  const supportSize = g.op('ReduceSum', [g.op('Cast', [inSupport], { to: attr.int(7) }), lastAxis], { keepdims: attr.int(1) });
  const threshold = g.op('GatherElements', [tau, g.op('Sub', [supportSize, g.constant([1], [], 'int64', 'one')])], { axis: attr.int(1) });
  const v = g.op('Relu', [g.op('Sub', [x, threshold])]);
  return kind === 'entmax15' ? g.op('Mul', [v, v]) : v;
}
