import * as tf from '@tensorflow/tfjs-core';
import type { CategoryDenseEncoderConfig, CategorySparseEncoderConfig } from '@overture/config';
import type { Encoder, EncoderFactory } from '../encoder.js';
import { createEmbeddingTable, lookup } from '../embeddings.js';
import { emitLookup } from '../../export/ops.js';
import { dropout as applyDropout } from '../../layers/dropout.js';

/** An encoder that looks category ids up in a table, with dropout on the rows while training. */
function tableEncoder(name: string, table: tf.Variable, size: number, dropout: number): Encoder {
  return {
    outputSize: size,
    forward: (ids, ctx) => {
      const e = lookup(table as tf.Tensor2D, ids);
      return ctx.training && dropout > 0 ? applyDropout(e, dropout, ctx.rng.nextSeed()) : e;
    },
    exportOnnx: (g, ids) => emitLookup(g, g.param(`${name}.embeddings`), ids),
  };
}

/** A learned embedding per category value (Ludwig's category `dense` encoder). */
export const categoryDenseEncoder: EncoderFactory<CategoryDenseEncoderConfig> = ({ name, config, input, params, rng }) => {
  const { table, size } = createEmbeddingTable(params, name, input.vocabSize, config.embedding_size, {
    sparse: false, trainable: config.embeddings_trainable, initializer: config.embedding_initializer ?? null,
  }, rng);
  return tableEncoder(name, table, size, config.dropout);
};

/** One-hot rows of a frozen identity table (Ludwig's `sparse`); trainable if asked. */
export const categorySparseEncoder: EncoderFactory<CategorySparseEncoderConfig> = ({ name, config, input, params, rng }) => {
  const { table, size } = createEmbeddingTable(params, name, input.vocabSize, input.vocabSize, {
    sparse: true, trainable: config.embeddings_trainable, initializer: null,
  }, rng);
  return tableEncoder(name, table, size, config.dropout);
};
