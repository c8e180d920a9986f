import { OvertureError, type AudioPreprocessing } from '@overture/config';
import { mediaBytes, MediaPathRefused, MediaSourceError, resolveMediaRoot, type MediaKind } from '../media/media-source.js';
import { audioShape, createAudioTransform, type AudioShape } from './audio-features.js';
import { AudioDecodeError, decodeWav, isWav } from './decode-wav.js';
import { AUDIO_MISSING, AUDIO_REFUSED, AUDIO_UNREADABLE, refusedAudioPath, type DecodedAudioColumn } from './decoded-audio-column.js';

export { AUDIO_DECODED, AUDIO_MISSING, AUDIO_REFUSED, AUDIO_UNREADABLE, refusedAudioPath, type DecodedAudioColumn } from './decoded-audio-column.js';

/** Largest audio file read: 64 MiB (6 minutes of 16-bit stereo at 44.1 kHz). */
export const MAX_AUDIO_BYTES = 64 * 1024 * 1024;

export const audioKind: MediaKind = {
  noun: 'audio', plural: 'audio files', oneFile: 'an audio file', dataUriExample: 'data:audio/wav;base64,…', isSignature: isWav, maxBytes: MAX_AUDIO_BYTES,
};

export interface DecodeAudioOptions {
  /** Folder that relative paths are read from and absolute paths must lie in; null: paths are refused (base64/data URIs only). */
  root: string | null;
}

const isCellProblem = (error: unknown) => error instanceof MediaSourceError || error instanceof AudioDecodeError;

/**
 * The sampling rate of a column in training: the first readable recording's (Ludwig reads the
 * first entry's); every other recording must have it (Overture does not resample).
 */
export async function inferAudioShape(cells: readonly (string | null)[], p: AudioPreprocessing, options: DecodeAudioOptions, feature: string, column: string): Promise<AudioShape> {
  const root = options.root === null ? null : await resolveMediaRoot(options.root, 'audio');
  let firstProblem: string | null = null;
  for (let row = 0; row < cells.length; row++) {
    const cell = cells[row];
    if (cell === null || cell.trim() === '') continue;
    try {
      const wav = decodeWav(await mediaBytes(cell, root, audioKind));
      return audioShape(p, wav.sampleRate, feature);
    } catch (error) {
      if (!isCellProblem(error)) throw error;
      if (error instanceof MediaPathRefused) throw refusedAudioPath(column, row, error);
      firstProblem ??= `row ${row + 1} ${(error as Error).message}`;
    }
  }
  throw new OvertureError('invalid_data', `No recording of column '${column}' could be read to learn its sampling rate${firstProblem ? `: ${firstProblem}` : ' (every cell is empty)'}.`, [
    { path: column, message: 'no readable audio' },
  ]);
}

/**
 * Decodes every cell of an audio column (WAV from base64, a data URI or a path inside the root)
 * and computes its features at `shape`. A missing cell is status 1; a cell that names no readable
 * recording (missing file, not a WAV, truncated, another sampling rate, a path outside the root)
 * is status 2 or 3 with its reason, never an exception: the preprocessor decides between the
 * missing-value strategy and a row error. Memory: the column's features plus one recording.
 */
export async function decodeAudioColumn(cells: readonly (string | null)[], p: AudioPreprocessing, shape: AudioShape, options: DecodeAudioOptions): Promise<DecodedAudioColumn> {
  const n = cells.length;
  const size = shape.maxLength * shape.featureDim;
  const values = new Float32Array(n * size);
  const status = new Uint8Array(n);
  const problems = new Map<number, string>();
  const root = options.root === null ? null : await resolveMediaRoot(options.root, 'audio');
  const transform = createAudioTransform(p, shape);
  let cropped = 0;
  for (let row = 0; row < n; row++) {
    const cell = cells[row];
    if (cell === null || cell.trim() === '') {
      status[row] = AUDIO_MISSING;
      continue;
    }
    try {
      const wav = decodeWav(await mediaBytes(cell, root, audioKind));
      if (wav.sampleRate !== shape.samplingRate) {
        throw new AudioDecodeError(`is recorded at ${wav.sampleRate} Hz; this feature's recordings are at ${shape.samplingRate} Hz (Overture does not resample: convert it first)`);
      }
      if (wav.samples.length === 0) throw new AudioDecodeError('is a WAV file with no samples');
      if (transform.computeInto(wav.samples, values, row * size)) cropped++;
    } catch (error) {
      if (!isCellProblem(error)) throw error;
      status[row] = error instanceof MediaPathRefused ? AUDIO_REFUSED : AUDIO_UNREADABLE;
      values.fill(0, row * size, (row + 1) * size);
      problems.set(row, (error as Error).message);
    }
  }
  return { shape, values, status, problems, cropped };
}
