import { z } from 'zod';
import { doc, fcStackShape } from '../../common.js';
import { embeddingsOnCpuField, embeddingSizeField } from '../embedding-fields.js';

/** Date parts (year, month, day, weekday, …) embedded and concatenated (Ludwig `DateEmbedConfig`). */
export const ZDateEmbedEncoder = z.strictObject({
  type: doc(z.literal('embed'), 'Embeds each date part and concatenates them.'),
  embedding_size: embeddingSizeField(10),
  embeddings_on_cpu: embeddingsOnCpuField(),
  ...fcStackShape(10, 0),
});
export type DateEmbedEncoderConfig = z.infer<typeof ZDateEmbedEncoder>;
