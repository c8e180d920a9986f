import * as tf from '@tensorflow/tfjs-core';

/**
 * Row lookup table[ids] with a gradient the wasm backend can run: tfjs differentiates gather
 * through UnsortedSegmentSum, which wasm lacks. ScatterNd exists on wasm and sums duplicate
 * ids, which is exactly the embedding gradient.
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [weights, indices] = args as unknown as [tf.Tensor2D, tf.Tensor1D];
    save([indices]);
    const shape = weights.shape;
    return {
      value: tf.gather(weights, indices),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const idx = saved[0] as tf.Tensor1D;
        return [tf.scatterND(tf.expandDims(idx, 1), dy, shape), tf.zerosLike(idx)];
      },
    };
  });
  return op(table, ids) as tf.Tensor2D;
}
