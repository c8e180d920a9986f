import { z } from 'zod';
import { doc } from '../../common.js';

const notYet = (field: string, what: string) => `${field} (${what}) is a Ludwig tf_idf option that Overture does not support yet; leave the default`;

/**
 * Ludwig's `tf_idf` text encoder: the row's term frequency over its padded token sequence times
 * each token's idf, a vector of width vocab_size with no weights to learn. Overture computes it in
 * preprocessing (so serving computes it from the text the same way) and feeds it to the combiner.
 * `max_sequence_length`, `vocab` and `vocab_size` are internal in Ludwig (filled from metadata).
 */
export const ZTfIdfEncoder = z.strictObject({
  type: doc(z.literal('tf_idf'), 'TF-IDF vector of the text over its vocabulary (no trainable weights).'),
  max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
  vocab: doc(z.array(z.string()).nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
  vocab_size: doc(z.number().int().positive().nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
  ngram_range: doc(
    z.tuple([z.number().int().positive(), z.number().int().positive()]).default([1, 1])
      .refine(([lo, hi]) => lo === 1 && hi === 1, { message: notYet('ngram_range', 'n-grams of the tokens; use tokenizer: ngram with ngram_size instead') }),
    'Smallest and largest n-gram (Ludwig); only [1, 1] for now: the ngram tokenizer adds n-grams.',
  ),
  max_df: doc(
    z.number().gt(0).max(1).default(1).refine((v) => v === 1, { message: notYet('max_df', 'pruning frequent tokens') }),
    'Drop tokens in more than this fraction of documents (Ludwig); only 1.0 for now.',
  ),
  min_df: doc(
    z.number().int().positive().default(1).refine((v) => v === 1, { message: notYet('min_df', 'pruning rare tokens; lower most_common instead') }),
    'Drop tokens in fewer than this many documents (Ludwig); only 1 for now.',
  ),
});
export type TfIdfEncoderConfig = z.output<typeof ZTfIdfEncoder>;
