import type { DecodedImageColumn } from '../image/decoded-image-column.js';
import type { DecodedAudioColumn } from '../audio/decoded-audio-column.js';

// Decoded media as the (synchronous) preprocessing reads it, apart from the decoders in
// decode-inputs.ts (sharp, files): the pipeline imports only this, so a browser bundle of the
// prediction path never reaches them.

/** Decoded image and audio columns, by feature name. */
export type DecodedMedia = Record<string, DecodedImageColumn | DecodedAudioColumn>;

/** The context field a decoded column goes to. */
export function decodedOf(column: DecodedImageColumn | DecodedAudioColumn): { images: DecodedImageColumn } | { audio: DecodedAudioColumn } {
  return 'pixels' in column ? { images: column } : { audio: column };
}
