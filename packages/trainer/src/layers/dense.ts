import * as tf from '@tensorflow/tfjs-core';
import { DENSE_GRADIENT, denseKernelsAvailable, type DenseGradientAttrs } from '../backend/dense-gradient.js';

export type FusedActivation = 'linear' | 'relu';

/**
 * y = act(x·W + b) with a hand-written gradient. On wasm each kernel call costs engine
 * bookkeeping comparable to the arithmetic outside the products, so the forward pass is one
 * _FusedMatMul (tfjs' fused.matMul splits into three kernels while gradients are recorded) and the
 * backward pass one kernel (backend/dense-gradient.ts); elsewhere tfjs' ops, with the bias
 * gradient as a column sum. Either way the input gradient is skipped when the input is data rather
 * than a learned activation.
 */
export function denseForward(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | null,
  activation: FusedActivation,
  inputNeedsGradient = true,
): tf.Tensor2D {
  const withBias = bias !== null;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [input, weights, b] = args as unknown as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D | undefined];
    const value = fusedProduct(input, weights, withBias ? b! : null, activation);
    save([input, weights, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        if (denseKernelsAvailable()) {
          const attrs: DenseGradientAttrs = { relu: activation === 'relu', bias: withBias, inputGradient: inputNeedsGradient };
          return tf.engine().runKernel(DENSE_GRADIENT, { x: xs, w: ws, y: ys, dy }, attrs as never) as tf.Tensor[];
        }
        const g = (activation === 'relu' ? tf.mul(dy, tf.step(ys)) : dy) as tf.Tensor2D;
        const dx = inputNeedsGradient ? tf.matMul(g, ws, false, true) : tf.zerosLike(xs);
        const dw = tf.matMul(xs, g, true, false);
        return withBias ? [dx, dw, tf.sum(g, 0)] : [dx, dw];
      },
    };
  });
  return (withBias ? op(x, kernel, bias as tf.Tensor1D) : op(x, kernel)) as tf.Tensor2D;
}

/** x·W + b then the activation: one kernel call on wasm (the SIMD product's epilogue adds the bias and applies ReLU). */
function fusedProduct(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D | null, activation: FusedActivation): tf.Tensor2D {
  if (denseKernelsAvailable()) {
    const inputs: tf.NamedTensorMap = bias ? { a: x, b: w, bias } : { a: x, b: w };
    return tf.engine().runKernel('_FusedMatMul', inputs, { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0 }) as tf.Tensor as tf.Tensor2D;
  }
  return tf.fused.matMul({ a: x, b: w, bias: bias ?? undefined, activation }) as tf.Tensor2D;
}
