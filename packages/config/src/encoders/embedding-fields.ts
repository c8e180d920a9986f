import { z } from 'zod';
import { doc, ZInitializer } from '../common.js';

/** Knobs shared by every embedding-based encoder (Ludwig's `embedding_size`, `pretrained_embeddings`, …). */
export const embeddingSizeField = (def: number) =>
  doc(z.number().int().positive().default(def), 'Size of each embedding vector.', {
    commonly_used: true,
    suggested_values: [8, 16, 32, 50, 64, 128],
  });
export const embeddingsTrainableField = (def: boolean) =>
  doc(z.boolean().default(def), 'Whether the embeddings are updated during training.');
/**
 * Ludwig's `pretrained_embeddings`: a GloVe-style text file (a word, then its numbers, per line; a
 * word2vec text header line is skipped) whose vectors start the rows of a dense embedding table;
 * the table's width becomes the file's. The CLI reads the path as given (relative to the working
 * directory, as Ludwig); the platform reads it inside DATA_DIR/pretrained only.
 */
export const pretrainedEmbeddingsField = () =>
  doc(
    z.string().min(1).nullable().default(null),
    'Path of a GloVe-style text file of token vectors that start the embedding table (its width becomes embedding_size); on the platform, a file name inside DATA_DIR/pretrained.',
  );
export const embeddingsOnCpuField = () =>
  doc(z.boolean().default(false), 'Keep the embedding table in CPU memory (accepted for Ludwig compatibility).');
export const embeddingInitializerField = () =>
  doc(ZInitializer.nullable().default(null), 'Initializer for the embedding table; null uses a uniform initializer.');
