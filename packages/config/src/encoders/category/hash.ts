import { z } from 'zod';
import { doc } from '../../common.js';
import { embeddingSizeField } from '../embedding-fields.js';

/** Bound on the hash table: it is num_hash_buckets × embedding_size parameters. */
export const MAX_HASH_BUCKETS = 1 << 20;

/**
 * Ludwig 0.17's category `hash` encoder (`CategoricalHashEncoderConfig`; Weinberger et al., 2009):
 * the category's vocabulary index modulo `num_hash_buckets` picks a row of a learned table, so
 * categories that share a bucket share an embedding.
 */
export const ZCategoryHashEncoder = z.strictObject({
  type: doc(z.literal('hash'), 'Feature hashing: the category index modulo num_hash_buckets picks a learned embedding.'),
  num_hash_buckets: doc(z.number().int().positive().max(MAX_HASH_BUCKETS).default(1024), 'Number of hash buckets (rows of the embedding table).', {
    suggested_values: [64, 256, 1024, 4096],
  }),
  embedding_size: embeddingSizeField(50),
});
export type CategoryHashEncoderConfig = z.infer<typeof ZCategoryHashEncoder>;
