import * as tf from '@tensorflow/tfjs-core';

export type FusedActivation = 'linear' | 'relu';

/**
 * y = act(x·W + b) with a hand-written gradient tuned for the wasm backend, where
 * - matMul with transposeA/transposeB runs 10–40x slower than a plain matMul, so every
 *   product is made plain by transposing explicitly first;
 * - every matMul repacks its right operand (~2.3–3.5 ns/element), and transposes cost ~1.2 ns/element
 *   even with the JavaScript kernel of backend/wasm-kernels.ts, so the kernel gradient picks its
 *   orientation by those costs, the bias gradient is a column sum (that kernel's, ~0.3 ns/element)
 *   rather than ones·dy, and the input gradient is skipped when the input is data rather than a
 *   learned activation.
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
    const value = tf.fused.matMul({ a: input, b: weights, bias: withBias ? b : undefined, activation });
    save([input, weights, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const g = (activation === 'relu' ? tf.mul(dy, tf.step(ys)) : dy) as tf.Tensor2D;
        const dx = inputNeedsGradient ? tf.matMul(g, transpose2d(ws)) : tf.zerosLike(xs);
        const dw = kernelGradient(xs, g);
        if (!withBias) return [dx, dw];
        const db = tf.sum(g, 0);
        return [dx, dw, db];
      },
    };
  });
  return (withBias ? op(x, kernel, bias as tf.Tensor1D) : op(x, kernel)) as tf.Tensor2D;
}

/**
 * Measured wasm costs per element: a transpose, and XNNPACK's repacking of a matMul's right
 * operand, which products of M % 2 = 0 and N % 16 = 0 rows × columns skip (backend/wasm-kernels.ts).
 */
const TRANSPOSE_NS = 1.2;
const PACK_NS = 3.0;

/** Whether the SIMD product of backend/wasm-kernels.ts takes an [m × ·]·[· × n] product. */
function simdShape(m: number, n: number): boolean {
  return m % 2 === 0 && n % 16 === 0;
}

function packingCost(m: number, k: number, n: number): number {
  return simdShape(m, n) ? 0 : PACK_NS * k * n;
}

/**
 * xᵀ·g for x [batch, in] and g [batch, out], in the orientation that costs least on wasm:
 * xᵀ·g (which the SIMD product reads transposed in place, or else after a transpose of x), or
 * (gᵀ·x)ᵀ, which transposes g and the result; either may repack its right operand. A single
 * output column is a weighted column sum, with no product at all.
 */
function kernelGradient(x: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  const [batch, inSize] = x.shape;
  const outSize = g.shape[1];
  if (outSize === 1) return tf.reshape(tf.sum(tf.mul(x, g), 0), [inSize, 1]);
  const inPlace = simdShape(inSize, outSize);
  const direct = (inPlace ? 0 : TRANSPOSE_NS * batch * inSize) + packingCost(inSize, batch, outSize);
  const flipped = TRANSPOSE_NS * (batch * outSize + outSize * inSize) + packingCost(outSize, batch, inSize);
  if (flipped < direct) return transpose2d(tf.matMul(transpose2d(g), x));
  return inPlace && tf.getBackend() === 'wasm' ? tf.matMul(x, g, true, false) : tf.matMul(transpose2d(x), g);
}

/** A [n, 1] or [1, n] matrix transposes by reshaping, with no data movement. */
function transpose2d(t: tf.Tensor2D): tf.Tensor2D {
  const [r, c] = t.shape;
  if (r === 1 || c === 1) return tf.reshape(t, [c, r]);
  return tf.transpose(t);
}
