import type { DecodedImageColumn } from '../image/decoded-image-column.js';
import type { DecodedAudioColumn } from '../audio/decoded-audio-column.js';
import type { DecodedTextEmbeddings } from '../pretrained/decoded-embeddings.js';

// Decoded media as the (synchronous) preprocessing reads it, apart from the decoders in
// decode-inputs.ts (sharp, files): the pipeline imports only this, so a browser bundle of the
// prediction path never reaches them.

/** Decoded image and audio columns and pretrained text embeddings, by feature name. */
export type DecodedMedia = Record<string, DecodedImageColumn | DecodedAudioColumn | DecodedTextEmbeddings>;

/** The context field a decoded column goes to. */
export function decodedOf(
  column: DecodedImageColumn | DecodedAudioColumn | DecodedTextEmbeddings,
): { images: DecodedImageColumn } | { audio: DecodedAudioColumn } | { textEmbeddings: DecodedTextEmbeddings } {
  if ('embeddings' in column) return { textEmbeddings: column };
  return 'pixels' in column ? { images: column } : { audio: column };
}
