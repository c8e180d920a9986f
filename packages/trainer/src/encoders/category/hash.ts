import * as tf from '@tensorflow/tfjs-core';
import type { CategoryHashEncoderConfig } from '@overture/config';
import { initialize } from '../../layers/initializers.js';
import { embeddingLookup } from '../../layers/embedding.js';
import { attr } from '../../export/onnx-graph.js';
import type { EncoderFactory } from '../encoder.js';

/**
 * Ludwig's category `hash` encoder: the vocabulary index modulo `num_hash_buckets` picks a row of
 * a learned table (N(0, 1), as nn.Embedding), so colliding categories share it. Only buckets some
 * index reaches get rows: with fewer categories than buckets the rest could never be trained.
 */
export const categoryHashEncoder: EncoderFactory<CategoryHashEncoderConfig> = ({ name, config, input, params, rng }) => {
  const buckets = Math.max(1, Math.min(config.num_hash_buckets, input.vocabSize));
  const table = params.create(`${name}.embeddings`, [buckets, config.embedding_size], initialize('normal', [buckets, config.embedding_size], rng));
  const hashed = (ids: tf.Tensor) => tf.tidy(() => tf.mod(tf.cast(tf.reshape(ids, [-1]), 'int32'), tf.scalar(buckets, 'int32'))) as tf.Tensor1D;
  return {
    outputSize: config.embedding_size,
    forward: (ids) => {
      const bucket = hashed(ids);
      const out = embeddingLookup(table as tf.Tensor2D, bucket);
      bucket.dispose();
      return out;
    },
    exportOnnx: (g, ids) => {
      const flat = g.op('Reshape', [ids, g.constant([-1], [1], 'int64', 'shape')]);
      const bucket = g.op('Mod', [flat, g.constant([buckets], [], 'int32', 'buckets')]);
      return g.op('Gather', [g.param(`${name}.embeddings`), bucket], { axis: attr.int(0) });
    },
  };
};
