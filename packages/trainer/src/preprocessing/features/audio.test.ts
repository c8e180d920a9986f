import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOvertureError, type AudioPreprocessing } from '@overture/config';
import { encodeWav } from '../audio/decode-wav.js';
import { decodeMediaInputs } from '../media/decode-inputs.js';
import { preprocessForPrediction } from '../preprocess-prediction.js';
import { preprocessForTraining } from '../preprocess-training.js';
import { allTrain, floats, input, makeConfig, makeTable, output, trainTable } from '../test/helpers.js';
import type { AudioMetadata } from '../types.js';

let dir: string;
let outside: string;
const RATE = 8000;
const tone = (hz: number, seconds: number, rate = RATE) => Float32Array.from({ length: Math.round(rate * seconds) }, (_, t) => 0.5 * Math.sin((2 * Math.PI * hz * t) / rate));
const wavOf = (hz: number, seconds: number, rate = RATE) => encodeWav([tone(hz, seconds, rate)], rate);
const dataUri = (bytes: Buffer) => `data:audio/wav;base64,${bytes.toString('base64')}`;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'overture-audio-'));
  outside = mkdtempSync(path.join(tmpdir(), 'overture-outside-'));
  mkdirSync(path.join(dir, 'wav'));
  writeFileSync(path.join(dir, 'wav', 'low.wav'), wavOf(300, 0.5));
  writeFileSync(path.join(dir, 'wav', 'high.wav'), wavOf(2000, 0.5));
  writeFileSync(path.join(dir, 'wav', 'long.wav'), wavOf(300, 3));
  writeFileSync(path.join(dir, 'wav', 'fast.wav'), wavOf(300, 0.5, 16000));
  writeFileSync(path.join(dir, 'wav', 'truncated.wav'), wavOf(300, 0.5).subarray(0, 3000));
  writeFileSync(path.join(dir, 'wav', 'song.mp3'), Buffer.from('ID3\u0003 not a wav at all'));
  writeFileSync(path.join(outside, 'secret.wav'), wavOf(300, 0.5));
  symlinkSync(path.join(outside, 'secret.wav'), path.join(dir, 'wav', 'link.wav'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const small: Partial<AudioPreprocessing> = { audio_file_length_limit_in_s: 1, num_filter_bands: 10 };
const config = (p: Partial<AudioPreprocessing> = {}) => makeConfig([input('call', 'audio', { ...small, ...p })], [output('y', 'category')], allTrain);

async function train(cells: (string | null)[], p: Partial<AudioPreprocessing> = {}) {
  const table = trainTable({ call: cells, y: cells.map((_, i) => (i % 2 ? 'p' : 'q')) });
  const audio = await decodeMediaInputs(table, config(p), { root: dir });
  return preprocessForTraining(table, config(p), { seed: 42, images: audio });
}

describe('audio features', () => {
  it("turns WAV paths relative to the dataset folder into Ludwig's fbank frames, with its metadata", async () => {
    const { dataset, metadata } = await train(['wav/low.wav', 'wav/high.wav', path.join(dir, 'wav', 'low.wav')]);
    const meta = metadata.call as AudioMetadata;
    // 1 s at 8 kHz, 320-sample windows every 160: ceil((8000 − 320) / 160 + 1) = 49 frames.
    expect(meta).toMatchObject({ type: 'audio', feature_dim: 10, sampling_rate_in_hz: 8000, max_length: 49, reshape: [49, 10] });
    expect(dataset.features.call.width).toBe(490);
    expect(dataset.features.call.dtype).toBe('float32');
    const values = floats(dataset.features.call);
    expect(values.slice(0, 490)).toEqual(values.slice(980, 1470));
    // A 0.5 s recording fills 24 frames; the rest is padding_value 0.
    expect(values.slice(24 * 10, 490).every((v) => v === 0)).toBe(true);
    expect(values.slice(0, 10).some((v) => v !== 0)).toBe(true);
  });

  it('reads the same recording from a data URI and bare base64', async () => {
    const bytes = wavOf(300, 0.5);
    const { dataset } = await train(['wav/low.wav', dataUri(bytes), bytes.toString('base64')]);
    const values = floats(dataset.features.call);
    expect(values.slice(490, 980)).toEqual(values.slice(0, 490));
    expect(values.slice(980, 1470)).toEqual(values.slice(0, 490));
  });

  it('cuts a recording longer than audio_file_length_limit_in_s and reports it', async () => {
    const { dataset, report } = await train(['wav/long.wav', 'wav/low.wav']);
    expect(report.croppedAudio).toEqual({ call: 1 });
    expect(floats(dataset.features.call).slice(0, 490).every((v) => v !== 0)).toBe(true);
  });

  it('treats a missing file, a non-WAV file, a truncated WAV and another sampling rate as missing in training, reporting why', async () => {
    const { dataset, report } = await train(['wav/low.wav', 'wav/nothing.wav', 'wav/song.mp3', 'wav/truncated.wav', 'wav/fast.wav', null, 'wav/high.wav']);
    expect(report.unparseableValues.call).toBe(4);
    expect(report.missingValuesFilled.call).toBe(5);
    expect(report.unreadableAudio?.call).toEqual([
      { row: 2, message: "names a file that does not exist ('wav/nothing.wav')" },
      { row: 3, message: 'is not a WAV file (no RIFF/WAVE header); audio is read from WAV files' },
      { row: 4, message: 'is a truncated WAV file: its data chunk claims 8000 bytes and the file holds 2956 after the header' },
      { row: 5, message: "is recorded at 16000 Hz; this feature's recordings are at 8000 Hz (Overture does not resample: convert it first)" },
    ]);
    // bfill (Ludwig's default): every missing row takes the next readable recording, high.wav.
    const values = floats(dataset.features.call);
    for (let row = 1; row <= 5; row++) expect(values.slice(row * 490, (row + 1) * 490)).toEqual(values.slice(6 * 490, 7 * 490));
  });

  it('fills with the training mean frame when no row can be copied, or fill_value under fill_with_const', async () => {
    const mean = await train([null, 'wav/low.wav', 'wav/high.wav'], { missing_value_strategy: 'ffill' });
    const meta = mean.metadata.call as AudioMetadata;
    expect(meta.fill_frame).toHaveLength(10);
    expect(Array.from(floats(mean.dataset.features.call).slice(0, 10))).toEqual(meta.fill_frame);
    const constant = await train([null, 'wav/low.wav'], { missing_value_strategy: 'fill_with_const', fill_value: 2 });
    expect(floats(constant.dataset.features.call).slice(0, 490).every((v) => v === 2)).toBe(true);
  });

  it('stops training on a path outside the dataset folder, a symlink out of it included, before reading it', async () => {
    for (const cell of [`../${path.basename(outside)}/secret.wav`, path.join(outside, 'secret.wav'), 'wav/link.wav']) {
      const error = await train(['wav/low.wav', cell]).then(() => null, (e: unknown) => e);
      expect(isOvertureError(error) && error.message).toMatch(/^Audio column 'call': row 2 names a path outside the dataset's folder .*; audio files are read only inside it\.$/);
    }
  });

  it('says when no recording can be read to learn the sampling rate', async () => {
    const error = await train(['wav/song.mp3', null]).then(() => null, (e: unknown) => e);
    expect(isOvertureError(error) && error.message).toBe(
      "No recording of column 'call' could be read to learn its sampling rate: row 1 is not a WAV file (no RIFF/WAVE header); audio is read from WAV files.",
    );
  });

  it('predicts with the stored preprocessing: data URIs decode, paths are refused without a root, bad recordings are row errors', async () => {
    const { metadata, dataset: trained } = await train(['wav/low.wav', 'wav/high.wav']);
    const table = makeTable({ call: [dataUri(wavOf(300, 0.5)), 'wav/low.wav', 'data:audio/wav;base64,AAAA', dataUri(wavOf(300, 0.5, 16000)), null] });
    const audio = await decodeMediaInputs(table, config(), { root: null, metadata });
    const { dataset, rowErrors } = preprocessForPrediction(table, config(), metadata, { images: audio });
    expect(floats(dataset.features.call).slice(0, 490)).toEqual(floats(trained.features.call).slice(0, 490));
    expect(rowErrors).toEqual([
      { row: 2, message: "'call' is a file path, and paths are not read here: send the audio as base64 or a data URI (data:audio/wav;base64,…)." },
      { row: 3, message: "'call' is not a WAV file (no RIFF/WAVE header); audio is read from WAV files." },
      { row: 4, message: "'call' is recorded at 16000 Hz; this feature's recordings are at 8000 Hz (Overture does not resample: convert it first)." },
    ]);
  });
});
