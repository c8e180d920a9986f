import * as tf from '@tensorflow/tfjs-core';
import type { BinsEncoderConfig } from '@overture/config';
import { initialize } from '../../layers/initializers.js';
import { embeddingLookup } from '../../layers/embedding.js';
import { attr } from '../../export/onnx-graph.js';
import type { EncoderFactory } from '../encoder.js';
import { pleBinEdges } from './ple.js';

/**
 * The bin of each value: the number of inner edges strictly below it (torch.searchsorted, left
 * side, over edges[1:-1] as Ludwig's BinsEncoder), so a value on an edge belongs to the bin below
 * and values outside the training range fall in the first or last bin.
 */
export function binIndex(x: tf.Tensor2D, inner: Float32Array): tf.Tensor1D {
  return tf.tidy(() => {
    if (inner.length === 0) return tf.zeros([x.shape[0]], 'int32') as tf.Tensor1D;
    return tf.sum(tf.cast(tf.greater(x, tf.tensor2d(inner, [1, inner.length])), 'int32'), 1) as tf.Tensor1D;
  });
}

/** Ludwig's `bins` number encoder: a learned embedding (N(0, 1), as nn.Embedding) per quantile bin. */
export const binsEncoder: EncoderFactory<BinsEncoderConfig> = ({ name, config, input, params, rng }) => {
  const edges = pleBinEdges(input.metadata, config.num_bins);
  const bins = Math.max(1, edges.length - 1);
  const inner = Float32Array.from(edges.slice(1, -1));
  const table = params.create(`${name}.embeddings`, [bins, config.output_size], initialize('normal', [bins, config.output_size], rng));
  return {
    outputSize: config.output_size,
    forward: (x) => {
      const ids = binIndex(x, inner);
      const out = embeddingLookup(table as tf.Tensor2D, ids);
      ids.dispose();
      return out;
    },
    exportOnnx: (g, x) => {
      // ReduceSum of int32 is in opset 13+; the comparison count is the bin, as in training.
      const ids = inner.length === 0
        ? g.op('Cast', [g.op('Mul', [g.op('Reshape', [x, g.constant([-1], [1], 'int64', 'shape')]), g.scalar(0)])], { to: attr.int(6) })
        : g.op('ReduceSum', [
          g.op('Cast', [g.op('Greater', [x, g.constant(inner, [1, inner.length], 'float32', 'bin_edges')])], { to: attr.int(6) }),
          g.constant([1], [1], 'int64', 'axes'),
        ], { keepdims: attr.int(0) });
      return g.op('Gather', [g.param(`${name}.embeddings`), ids], { axis: attr.int(0) });
    },
  };
};
