import * as tf from '@tensorflow/tfjs-core';
import {
  runSequenceKernel, SEQUENCE_POOL, SEQUENCE_POOL_GRADIENT, sequenceKernelsAvailable,
  type PoolMode, type SequencePoolAttrs, type SequencePoolGradientAttrs,
} from '../backend/sequence-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';

export type { PoolMode } from '../backend/sequence-kernels.js';

/**
 * Max, mean or sum over time of x [batch, seq, channels], counting only the steps where mask
 * [batch, seq] is not 0 (padding after the text); a row with no step gives 0. Without a mask every
 * step counts, which is what Ludwig's reducers do (they ignore their mask). One kernel each way on
 * wasm and cpu (the max remembers its winning step for the gradient); tensor ops elsewhere.
 */
export function poolOverTime(x: tf.Tensor3D, mask: tf.Tensor2D | null, mode: PoolMode): tf.Tensor2D {
  const [batch, seq] = x.shape;
  if (mask && (mask.shape[0] !== batch || mask.shape[1] !== seq)) {
    throw new Error(`poolOverTime: the mask is [${mask.shape}] for a sequence of [${batch}, ${seq}] (a 'valid' convolution shortens it: conv1dOutputMask)`);
  }
  if (!sequenceKernelsAvailable()) return poolWithTensorOps(x, mask, mode);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const input = args[0] as tf.Tensor3D;
    const m = mask ? (args[1] as tf.Tensor2D) : null;
    const outputs = runSequenceKernel(SEQUENCE_POOL, m ? { x: input, mask: m } : { x: input }, { mode } satisfies SequencePoolAttrs) as tf.Tensor[];
    save([...(m ? [m] : []), ...(mode === 'max' ? [outputs[1]] : [])]);
    return {
      value: outputs[0],
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const inputs: tf.NamedTensorMap = { dy };
        if (m) inputs.mask = saved[0];
        if (mode === 'max') inputs.argmax = saved[m ? 1 : 0];
        const dx = runSequenceKernel(SEQUENCE_POOL_GRADIENT, inputs, { mode, seq } satisfies SequencePoolGradientAttrs) as tf.Tensor;
        return m ? [dx, tf.zerosLike(saved[0])] : [dx];
      },
    };
  });
  return (mask ? op(x, mask) : op(x)) as tf.Tensor2D;
}

function poolWithTensorOps(x: tf.Tensor3D, mask: tf.Tensor2D | null, mode: PoolMode): tf.Tensor2D {
  if (mask === null) return (mode === 'max' ? tf.max(x, 1) : mode === 'sum' ? tf.sum(x, 1) : tf.mean(x, 1)) as tf.Tensor2D;
  const valid = tf.expandDims(tf.notEqual(mask, 0), 2);
  const counts = tf.sum(tf.cast(valid, 'float32'), 1);
  if (mode === 'max') {
    const best = tf.max(tf.where(tf.broadcastTo(valid, x.shape), x, tf.fill(x.shape, -Infinity)), 1);
    return tf.where(tf.greater(tf.broadcastTo(counts, best.shape), 0), best, tf.zerosLike(best)) as tf.Tensor2D;
  }
  const total = tf.sum(tf.mul(x, tf.cast(valid, 'float32')), 1);
  return (mode === 'sum' ? total : tf.div(total, tf.maximum(counts, 1))) as tf.Tensor2D;
}

/**
 * The pooling as ONNX nodes (opset 17: ReduceMax takes its axes as an attribute, ReduceSum as an
 * input). `mask` is a float [batch, seq] tensor name or null; masked steps become −∞ before
 * ReduceMax, and a row with no step is set back to 0.
 */
export function exportPoolOverTime(g: OnnxGraph, x: string, mask: string | null, mode: PoolMode): string {
  const axes = () => g.constant([1], [1], 'int64', 'axes');
  if (mask === null) {
    if (mode === 'sum') return g.op('ReduceSum', [x, axes()], { keepdims: attr.int(0) });
    return g.op(mode === 'max' ? 'ReduceMax' : 'ReduceMean', [x], { axes: attr.ints([1]), keepdims: attr.int(0) });
  }
  const valid = g.op('Cast', [g.op('Not', [g.op('Equal', [mask, g.scalar(0)])])], { to: attr.int(1) });
  const valid3 = g.op('Unsqueeze', [valid, g.constant([2], [1], 'int64', 'axes')]);
  const counts = g.op('ReduceSum', [valid3, axes()], { keepdims: attr.int(0) });
  if (mode === 'max') {
    const masked = g.op('Where', [g.op('Cast', [valid3], { to: attr.int(9) }), x, g.scalar(-Infinity)]);
    const best = g.op('ReduceMax', [masked], { axes: attr.ints([1]), keepdims: attr.int(0) });
    return g.op('Where', [g.op('Greater', [counts, g.scalar(0)]), best, g.scalar(0)]);
  }
  const total = g.op('ReduceSum', [g.op('Mul', [x, valid3]), axes()], { keepdims: attr.int(0) });
  return mode === 'sum' ? total : g.op('Div', [total, g.op('Max', [counts, g.scalar(1)])]);
}
