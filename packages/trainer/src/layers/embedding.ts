import * as tf from '@tensorflow/tfjs-core';
import { EMBEDDING_GRADIENT, runSequenceKernel, sequenceKernelsAvailable, type EmbeddingGradientAttrs } from '../backend/sequence-kernels.js';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';

/**
 * Row lookup table[ids] for int32 ids of any shape ([batch] for a category, [batch, seq] for
 * text): the result has shape [...ids.shape, dim]. tfjs differentiates gather through
 * UnsortedSegmentSum, which wasm lacks; here the table gradient is one scatter-add kernel (SIMD
 * rows on wasm, duplicate ids summed), ScatterNd on other backends. Every id gets its row and its
 * gradient, padding id 0 included: Ludwig's embeddings (`nn.Embedding` without `padding_idx`)
 * train the padding row too, and masking belongs to the reduction (layers/sequence-pooling.ts).
 */
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor2D;
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor2D): tf.Tensor3D;
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor;
export function embeddingLookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  if (ids.dtype !== 'int32') throw new Error(`embeddingLookup needs int32 ids, got ${ids.dtype}`);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [weights, indices] = args as unknown as [tf.Tensor2D, tf.Tensor];
    save([indices]);
    const [vocabSize, dim] = weights.shape;
    return {
      value: tf.gather(weights, indices),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const idx = saved[0];
        const rows = tf.reshape(dy, [-1, dim]);
        const flat = tf.reshape(idx, [-1]);
        const dTable = sequenceKernelsAvailable()
          ? runSequenceKernel(EMBEDDING_GRADIENT, { dy: rows, ids: flat }, { vocabSize } satisfies EmbeddingGradientAttrs) as tf.Tensor
          : tf.scatterND(tf.expandDims(flat, 1), rows, [vocabSize, dim]);
        return [dTable, tf.zerosLike(idx)];
      },
    };
  });
  return op(table, ids);
}

/** The lookup as ONNX: Gather on axis 0 keeps the ids' shape ([batch, seq] → [batch, seq, dim]). */
export function exportEmbeddingLookup(g: OnnxGraph, table: string, ids: string): string {
  return g.op('Gather', [table, ids], { axis: attr.int(0) });
}
