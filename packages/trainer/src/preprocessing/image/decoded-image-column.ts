import { OvertureError } from '@overture/config';

// What a decoded image column is, apart from the decoders (sharp, files): the image preprocessor
// and serving's browser path read it without pulling them in.

/** A table column of images, decoded: what the (synchronous) image preprocessor reads. */
export interface DecodedImageColumn {
  height: number;
  width: number;
  channels: number;
  /** Row-major [table rows, height·width·channels] 8-bit pixels; zeros where status is not 0. */
  pixels: Uint8Array;
  /** Per table row: 0 decoded, 1 missing cell, 2 unreadable, 3 a path that may not be read (see problems). */
  status: Uint8Array;
  /** Why an unreadable row could not be read, by table row (0-based). */
  problems: Map<number, string>;
}

export const IMAGE_DECODED = 0;
export const IMAGE_MISSING = 1;
export const IMAGE_UNREADABLE = 2;
export const IMAGE_REFUSED = 3;

/** A path outside the root in training data: the whole column is suspect, so training stops and names the row. */
export function refusedPath(column: string, row: number, error: Error): OvertureError {
  return new OvertureError('invalid_data', `Image column '${column}': row ${row + 1} ${error.message}.`, [{ path: column, line: row + 1, message: error.message }]);
}
