import { OvertureError } from '@overture/config';
import type { AudioShape } from './audio-features.js';

// What a decoded audio column is, apart from the decoders (files, WAV): the audio preprocessor
// and serving's browser path read it without pulling them in.

/** A table column of recordings, decoded and turned into Ludwig's features: what the audio preprocessor reads. */
export interface DecodedAudioColumn {
  shape: AudioShape;
  /** Row-major [table rows, maxLength·featureDim] float32; zeros where status is not 0. */
  values: Float32Array;
  /** Per table row: 0 decoded, 1 missing cell, 2 unreadable, 3 a path that may not be read (see problems). */
  status: Uint8Array;
  /** Why an unreadable row could not be read, by table row (0-based). */
  problems: Map<number, string>;
  /** Recordings longer than audio_file_length_limit_in_s, cut (Ludwig's "cropped audio_files"). */
  cropped: number;
}

export const AUDIO_DECODED = 0;
export const AUDIO_MISSING = 1;
export const AUDIO_UNREADABLE = 2;
export const AUDIO_REFUSED = 3;

/** A path outside the root in training data: the whole column is suspect, so training stops and names the row. */
export function refusedAudioPath(column: string, row: number, error: Error): OvertureError {
  return new OvertureError('invalid_data', `Audio column '${column}': row ${row + 1} ${error.message}.`, [{ path: column, line: row + 1, message: error.message }]);
}
