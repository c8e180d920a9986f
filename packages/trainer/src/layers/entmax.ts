import * as tf from '@tensorflow/tfjs-core';
import { runArrayKernel, type ArrayKernel } from '../backend/array-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';

/**
 * Sparse alternatives to softmax over the last axis of a [batch, width] matrix: sparsemax
 * (Martins & Astudillo, 2016) and 1.5-entmax (Peters, Niculae & Martins, 2019). Both are
 * p = [x − τ]₊^(1/(α−1)) with the threshold τ that makes each row sum to 1, found exactly from
 * the row sorted in decreasing order. A row of a TabNet mask is a few dozen values, so the
 * threshold search is one JavaScript kernel per direction instead of a dozen small tensor ops.
 */
export type EntmaxKind = 'sparsemax' | 'entmax15';

interface EntmaxAttrs {
  kind: EntmaxKind;
}

/**
 * The threshold of one row for the sorted values `sorted` (decreasing): the largest support
 * size k whose candidate threshold still leaves its k-th value in the support.
 * sparsemax: τ_k = (Σ_{i≤k} x_i − 1)/k, support while 1 + k·x_k > Σ_{i≤k} x_i.
 * 1.5-entmax on x = z/2: τ_k = mean_k − √(max(0, (1 − k·var_k)/k)), support while τ_k ≤ x_k.
 */
function rowThreshold(kind: EntmaxKind, sorted: Float64Array): number {
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

const forwardKernel: ArrayKernel<EntmaxAttrs> = {
  name: 'OvertureEntmaxForward',
  outputShape: ([shape]) => shape,
  compute: ([z], [shape], out, { kind }) => {
    const width = shape[shape.length - 1];
    const rows = width === 0 ? 0 : z.length / width;
    const row = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      // Both maps are shift invariant: subtracting the row maximum keeps the sums small.
      let max = -Infinity;
      for (let j = 0; j < width; j++) max = Math.max(max, z[base + j]);
      const scale = kind === 'entmax15' ? 0.5 : 1;
      for (let j = 0; j < width; j++) row[j] = (z[base + j] - max) * scale;
      const sorted = Float64Array.from(row).sort().reverse();
      const tau = rowThreshold(kind, sorted);
      for (let j = 0; j < width; j++) {
        const v = Math.max(0, row[j] - tau);
        out[base + j] = kind === 'entmax15' ? v * v : v;
      }
    }
  },
  fallback: ([z], { kind }) => entmaxWithOps(z as tf.Tensor2D, kind),
};

/**
 * The Jacobian of α-entmax is diag(s) − s·sᵀ/Σs with s = p^(2−α) on the support (Peters et al.,
 * 2019, Prop. 2): s is the support indicator for sparsemax and √p for 1.5-entmax, so
 * dz = s·dy − s·(Σ s·dy)/(Σ s), from the output alone.
 */
const backwardKernel: ArrayKernel<EntmaxAttrs> = {
  name: 'OvertureEntmaxBackward',
  outputShape: ([shape]) => shape,
  compute: ([p, dy], [shape], out, { kind }) => {
    const width = shape[shape.length - 1];
    const rows = width === 0 ? 0 : p.length / width;
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      let sumS = 0;
      let sumSdy = 0;
      for (let j = 0; j < width; j++) {
        const s = supportWeight(kind, p[base + j]);
        sumS += s;
        sumSdy += s * dy[base + j];
      }
      const mean = sumS > 0 ? sumSdy / sumS : 0;
      for (let j = 0; j < width; j++) out[base + j] = supportWeight(kind, p[base + j]) * (dy[base + j] - mean);
    }
  },
  fallback: ([p, dy], { kind }) => tf.tidy(() => {
    const s = kind === 'sparsemax' ? tf.cast(tf.greater(p, 0), 'float32') : tf.sqrt(p);
    const mean = tf.divNoNan(tf.sum(tf.mul(s, dy), -1, true), tf.sum(s, -1, true));
    return tf.mul(s, tf.sub(dy, mean));
  }),
};

function supportWeight(kind: EntmaxKind, p: number): number {
  if (p <= 0) return 0;
  return kind === 'sparsemax' ? 1 : Math.sqrt(p);
}

/** sparsemax / 1.5-entmax over the last axis, with its gradient. */
export function entmax(z: tf.Tensor2D, kind: EntmaxKind): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const p = runArrayKernel(forwardKernel, [args[0] as tf.Tensor], { kind }) as tf.Tensor2D;
    save([p]);
    return {
      value: p,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => runArrayKernel(backwardKernel, [saved[0], dy], { kind }),
    };
  });
  return op(z) as tf.Tensor2D;
}

/**
 * The same maps with tensor ops (sort by topk, cumulative sums), for backends whose memory the
 * kernels cannot read; also the reference the kernels are tested against.
 */
export function entmaxWithOps(z: tf.Tensor2D, kind: EntmaxKind): tf.Tensor2D {
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

/**
 * `entmax` as ONNX opset 17 nodes over a [batch, width] tensor of static width: TopK (all `width`
 * values, sorted) stands in for the sort, CumSum for the running sums, and GatherElements picks
 * each row's threshold at its support size.
 */
export function emitEntmax(g: OnnxGraph, z: string, width: number, kind: EntmaxKind): string {
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
