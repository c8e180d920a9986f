import * as tf from '@tensorflow/tfjs-core';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { initialize } from '../layers/initializers.js';
import { embeddingLookup } from '../layers/embedding.js';

/** An embedding table; a frozen one-hot table when `sparse` (Ludwig's sparse representation). */
export function createEmbeddingTable(
  params: ParameterStore, name: string, vocabSize: number, embeddingSize: number,
  options: { sparse: boolean; trainable: boolean; initializer: string | null }, rng: SeededRandom,
): { table: tf.Variable; size: number } {
  if (options.sparse) {
    const identity = new Float32Array(vocabSize * vocabSize);
    for (let i = 0; i < vocabSize; i++) identity[i * vocabSize + i] = 1;
    return { table: params.create(`${name}.embeddings`, [vocabSize, vocabSize], identity, options.trainable), size: vocabSize };
  }
  const values = initialize(options.initializer ?? 'xavier_uniform', [vocabSize, embeddingSize], rng);
  return { table: params.create(`${name}.embeddings`, [vocabSize, embeddingSize], values, options.trainable), size: embeddingSize };
}

/**
 * Width of a dense token table: at most the vocabulary's size (Ludwig's EmbedSequence), except
 * when pretrained vectors start it, whose width the table takes (Ludwig sets embedding_size to it).
 */
export function tokenTableWidth(vocabSize: number, config: { embedding_size: number; pretrained_embeddings?: string | null }): number {
  return config.pretrained_embeddings ? config.embedding_size : Math.min(vocabSize, config.embedding_size);
}

/** Rows of the table for integer ids of shape [batch, 1] (or [batch]). */
export function lookup(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor2D {
  return embeddingLookup(table, tf.cast(tf.reshape(ids, [-1]), 'int32') as tf.Tensor1D);
}
