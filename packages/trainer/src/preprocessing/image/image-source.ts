import { imageFormat } from './decode-image.js';
import {
  MediaPathRefused, mediaSource, MediaSourceError, resolveMediaRoot, type MediaKind, type MediaSource,
} from '../media/media-source.js';

/** Images read from cells: the trust rules are media-source.ts's, shared with audio. */
export type ImageSource = MediaSource;
export { MediaSourceError as ImageSourceError, MediaPathRefused as ImagePathRefused };

/** Largest image file read (a cell naming a huge file must not exhaust memory). */
export const MAX_IMAGE_BYTES = 64 * 1024 * 1024;

export const imageKind: MediaKind = {
  noun: 'image', plural: 'images', oneFile: 'an image file', dataUriExample: 'data:image/png;base64,…', isSignature: (bytes) => imageFormat(bytes) !== null, maxBytes: MAX_IMAGE_BYTES,
};

/** The image root's real path, resolved once per column. */
export const resolveImageRoot = (root: string): Promise<string> => resolveMediaRoot(root, 'image');

/** The source of one image cell (see media-source.ts). */
export const imageSource = (cell: string, root: string | null): Promise<ImageSource> => mediaSource(cell, root, imageKind);
