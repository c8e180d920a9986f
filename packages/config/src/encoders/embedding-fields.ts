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
export const pretrainedEmbeddingsField = () =>
  doc(z.string().nullable().default(null), 'Path to a GloVe-style file of pretrained embeddings.');
export const embeddingsOnCpuField = () =>
  doc(z.boolean().default(false), 'Keep the embedding table in CPU memory (accepted for Ludwig compatibility).');
export const embeddingInitializerField = () =>
  doc(ZInitializer.nullable().default(null), 'Initializer for the embedding table; null uses a uniform initializer.');
