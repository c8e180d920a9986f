import { describe, expect, it } from 'vitest';
import { AudioDecodeError, decodeWav, encodeWav, isWav, MAX_AUDIO_FRAMES } from './decode-wav.js';

const ramp = (n: number, scale = 0.9) => Float32Array.from({ length: n }, (_, i) => scale * Math.sin(i / 3));
const maxError = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const decodeError = (bytes: Uint8Array) => {
  try {
    decodeWav(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(AudioDecodeError);
    return (error as Error).message;
  }
  throw new Error('decoded');
};

describe('WAV decoding', () => {
  it.each([
    { bits: 8, float: false, kind: 'PCM', tolerance: 0.5 / 128 },
    { bits: 16, float: false, kind: 'PCM', tolerance: 0.5 / 32768 },
    { bits: 24, float: false, kind: 'PCM', tolerance: 0.5 / 8388608 },
    { bits: 32, float: false, kind: 'PCM', tolerance: 1e-7 },
    { bits: 32, float: true, kind: 'float', tolerance: 0 },
    { bits: 64, float: true, kind: 'float', tolerance: 0 },
  ] as const)('reads $bits-bit $kind as float32 in [-1, 1], plain and WAVE_FORMAT_EXTENSIBLE', ({ bits, float, tolerance }) => {
    const signal = ramp(1000);
    for (const extensible of [false, true]) {
      const wav = decodeWav(encodeWav([signal], 16000, { bits, float, extensible }));
      expect(wav).toMatchObject({ sampleRate: 16000, channels: 1, bitsPerSample: bits, format: float ? 'float' : 'pcm' });
      expect(wav.samples.length).toBe(1000);
      expect(maxError(wav.samples, signal)).toBeLessThanOrEqual(tolerance + 1e-7);
    }
  });

  it("keeps the first channel of a stereo file, as Ludwig reads torchaudio's channel 0", () => {
    const left = ramp(500);
    const right = Float32Array.from(left, (v) => -v);
    const wav = decodeWav(encodeWav([left, right], 8000, { bits: 16 }));
    expect(wav.channels).toBe(2);
    expect(maxError(wav.samples, left)).toBeLessThan(1e-4);
  });

  it('skips chunks it does not know (LIST) and their odd-size padding byte', () => {
    const base = encodeWav([ramp(10)], 8000);
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
    const bytes = Buffer.concat([base.subarray(0, 36), list, base.subarray(36)]);
    expect(decodeWav(bytes).samples.length).toBe(10);
  });

  it('refuses non-WAV bytes, an empty file, a truncated file and a compressed format by name', () => {
    expect(decodeError(Buffer.from('ID3 this is an mp3, or text'))).toBe('is not a WAV file (no RIFF/WAVE header); audio is read from WAV files');
    expect(decodeError(Buffer.alloc(0))).toBe('is an empty file, not a WAV file');
    const wav = encodeWav([ramp(1000)], 8000);
    expect(decodeError(wav.subarray(0, 1000))).toBe('is a truncated WAV file: its data chunk claims 2000 bytes and the file holds 956 after the header');
    expect(decodeError(wav.subarray(0, 30))).toBe('is a truncated WAV file (it ends inside its fmt chunk)');
    expect(decodeError(wav.subarray(0, 36))).toBe('is a WAV file with no data chunk (truncated?)');
    const adpcm = Buffer.from(wav);
    adpcm.writeUInt16LE(2, 20);
    expect(decodeError(adpcm)).toBe('is a WAV file in format 2 (compressed or unknown); PCM and IEEE float WAV files are read');
    const twelveBit = Buffer.from(wav);
    twelveBit.writeUInt16LE(12, 34);
    expect(decodeError(twelveBit)).toMatch(/block size|12-bit/);
  });

  it('refuses a header claiming huge data before allocating anything, and more samples than MAX_AUDIO_FRAMES', () => {
    const wav = encodeWav([ramp(100)], 8000);
    const huge = Buffer.from(wav);
    huge.writeUInt32LE(0xfffffff0, 40);
    expect(decodeError(huge)).toBe(`is a truncated WAV file: its data chunk claims ${0xfffffff0} bytes and the file holds 200 after the header`);
    const hugeFmt = Buffer.from(wav);
    hugeFmt.writeUInt32LE(0x7ffffff0, 16);
    expect(decodeError(hugeFmt)).toBe('is a truncated WAV file (it ends inside its fmt chunk)');
    // A real file one sample over the cap (8-bit, so 32 MiB).
    const long = Buffer.alloc(44 + MAX_AUDIO_FRAMES + 1);
    encodeWav([new Float32Array(0)], 8000, { bits: 8 }).copy(long);
    long.writeUInt32LE(MAX_AUDIO_FRAMES + 1, 40);
    expect(decodeError(long)).toMatch(/^holds 33554433 samples per channel \(69\.9 minutes at 8000 Hz\); files of up to 33554432 samples are read$/);
  });

  it('recognizes the RIFF/WAVE signature', () => {
    expect(isWav(encodeWav([ramp(4)], 8000))).toBe(true);
    expect(isWav(Buffer.from('RIFF0000AVI LIST'))).toBe(false);
  });
});
