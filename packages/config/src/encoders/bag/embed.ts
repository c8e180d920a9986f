import { z } from 'zod';
import { doc } from '../../common.js';
import { setEmbedShape } from '../set/embed.js';

/** Frequency-weighted sum of token embeddings (Ludwig `BagEmbedWeightedConfig`). */
export const ZBagEmbedEncoder = z.strictObject({
  type: doc(z.literal('embed'), 'Frequency-weighted sum of token embeddings, then a fully connected stack.'),
  ...setEmbedShape,
  force_embedding_size: doc(
    z.boolean().default(false),
    'Use embedding_size even when it exceeds the vocabulary size (sparse representation).',
  ),
});
export type BagEmbedEncoderConfig = z.infer<typeof ZBagEmbedEncoder>;
