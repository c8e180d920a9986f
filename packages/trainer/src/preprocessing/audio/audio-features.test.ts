import { describe, expect, it } from 'vitest';
import { ZAudioPreprocessing, isOvertureError, type AudioPreprocessing } from '@overture/config';
import { audioShape, audioWindow, createAudioTransform, frameCount, melFilterBank } from './audio-features.js';
import { createRealDft } from './dft.js';

const prep = (p: Partial<AudioPreprocessing> = {}) => ZAudioPreprocessing.parse(p);
const tone = (hz: number, rate: number, seconds: number, amplitude = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, t) => amplitude * Math.sin((2 * Math.PI * hz * t) / rate));

/** The DFT by its definition, O(n²), for checking the fast one. */
function naiveDft(x: Float64Array, n: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < Math.min(n, x.length); j++) {
      re[k] += x[j] * Math.cos((2 * Math.PI * k * j) / n);
      im[k] -= x[j] * Math.sin((2 * Math.PI * k * j) / n);
    }
  }
  return { re, im };
}

function features(samples: Float32Array, p: AudioPreprocessing, rate: number) {
  const shape = audioShape(p, rate, 'call');
  const out = new Float32Array(shape.maxLength * shape.featureDim);
  const cut = createAudioTransform(p, shape).computeInto(samples, out, 0);
  return { shape, out, cut, frame: (f: number) => out.subarray(f * shape.featureDim, (f + 1) * shape.featureDim) };
}

function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

describe("Ludwig's audio features", () => {
  it.each([640, 512, 7, 2, 1])('computes the DFT of a real frame of length %i as its definition does (fft.js, Bluestein when not a power of two)', (n) => {
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + 0.3 * Math.cos(i * 2.1));
    const bins = Math.floor(n / 2) + 1;
    const [re, im] = [new Float64Array(bins), new Float64Array(bins)];
    createRealDft(n).transform(x, bins, re, im);
    const want = naiveDft(x, n);
    for (let k = 0; k < bins; k++) {
      expect(re[k]).toBeCloseTo(want.re[k], 8);
      expect(im[k]).toBeCloseTo(want.im[k], 8);
    }
  });

  it("sizes features as Ludwig's get_feature_meta: 374 frames × 80 bands for 7.5 s at 16 kHz, 321 bins of stft, 642 of stft_phase, samples of raw", () => {
    expect(audioShape(prep(), 16000, 'call')).toEqual({ samplingRate: 16000, maxLength: 374, featureDim: 80 });
    expect(audioShape(prep({ type: 'stft' }), 16000, 'call').featureDim).toBe(321);
    expect(audioShape(prep({ type: 'stft_phase' }), 16000, 'call').featureDim).toBe(642);
    expect(audioShape(prep({ type: 'group_delay', num_fft_points: 1024 }), 16000, 'call').featureDim).toBe(513);
    expect(audioShape(prep({ type: 'raw', audio_file_length_limit_in_s: 2 }), 8000, 'call')).toEqual({ samplingRate: 8000, maxLength: 16000, featureDim: 1 });
    expect(frameCount(1000, 640, 320)).toBe(3);
    expect(frameCount(100, 640, 320)).toBe(1);
  });

  it("refuses a length limit that is not a whole number of samples (Ludwig's rule) and fewer FFT points than the window", () => {
    for (const [p, message] of [
      [prep({ audio_file_length_limit_in_s: 0.00001 }), /is not a whole number of samples/],
      [prep({ num_fft_points: 256 }), /num_fft_points 256 is smaller than the window of 640 samples/],
    ] as const) {
      let caught: unknown;
      try {
        audioShape(p, 16000, 'call');
      } catch (error) {
        caught = error;
      }
      expect(isOvertureError(caught) && caught.code).toBe('invalid_config');
      expect((caught as Error).message).toMatch(message);
    }
  });

  it("puts a 1 kHz tone's stft peak at bin 40 (25 Hz bins of a 640-point transform at 16 kHz) and its group delay near the window's centre", () => {
    const { out, shape, frame } = features(tone(1000, 16000, 0.5), prep({ type: 'stft' }), 16000);
    expect(shape.featureDim).toBe(321);
    for (const f of [0, 5, 20]) expect(argmax(frame(f))).toBe(40);
    expect(out.every(Number.isFinite)).toBe(true);
    const gd = features(tone(1000, 16000, 0.5), prep({ type: 'group_delay' }), 16000).frame(5);
    // A stationary tone's energy sits at the window's centre: (L − 1) / 2 samples.
    expect(gd[40]).toBeCloseTo(319.5, 0);
  });

  it('gives stft_phase the phase first, then the magnitude of stft', () => {
    const p = prep({ type: 'stft_phase' });
    const both = features(tone(440, 8000, 0.2), p, 8000).frame(3);
    const magnitude = features(tone(440, 8000, 0.2), prep({ type: 'stft' }), 8000).frame(3);
    const bins = magnitude.length;
    expect(Array.from(both.subarray(bins))).toEqual(Array.from(magnitude));
    expect(both.subarray(0, bins).every((v) => Math.abs(v) <= Math.PI + 1e-6)).toBe(true);
  });

  it('matches an independent fbank of one frame: pre-emphasis, mean removal, Hamming, |DFT|², the mel triangles, log', () => {
    const rate = 8000;
    const signal = Float32Array.from(tone(700, rate, 0.3), (v, t) => v + 0.2 * Math.sin(t * 1.3) * Math.cos(t * 0.05));
    const p = prep({ num_filter_bands: 20 });
    const { frame } = features(signal, p, rate);
    const [L, S, f] = [320, 160, 4];
    const emphasized = Float64Array.from(signal, (v, t) => v - (t > 0 ? 0.97 * signal[t - 1] : 0));
    const window = emphasized.slice(f * S, f * S + L);
    const mean = window.reduce((a, v) => a + v, 0) / L;
    const weighted = window.map((v, n) => (v - mean) * (0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (L - 1))));
    const { re, im } = naiveDft(weighted, L);
    const top = 2595 * Math.log10(1 + 4000 / 700);
    const edge = (i: number) => Math.floor(((L + 1) / rate) * 700 * (10 ** ((top * i) / 21 / 2595) - 1));
    for (let b = 0; b < 20; b++) {
      let energy = 0;
      for (let k = edge(b); k < edge(b + 2); k++) {
        const weight = k < edge(b + 1) ? (k - edge(b)) / (edge(b + 1) - edge(b)) : (edge(b + 2) - k) / (edge(b + 2) - edge(b + 1));
        energy += (re[k] ** 2 + im[k] ** 2) * weight;
      }
      expect(frame(f)[b]).toBeCloseTo(Math.log(energy + 1e-10), 4);
    }
  });

  it("peaks a tone's fbank in the mel band whose centre is nearest its pitch", () => {
    const rate = 16000;
    for (const hz of [300, 1000, 3000]) {
      const band = argmax(features(tone(hz, rate, 0.5), prep(), rate).frame(10));
      const top = 2595 * Math.log10(1 + 8000 / 700);
      const centres = Array.from({ length: 80 }, (_, b) => 700 * (10 ** ((top * (b + 1)) / 81 / 2595) - 1));
      const nearest = argmax(centres.map((c) => -Math.abs(c - hz)));
      expect(Math.abs(band - nearest)).toBeLessThanOrEqual(1);
    }
  });

  it('normalizes per file (each feature mean 0, std 1 over the frames), pads with padding_value, cuts a longer recording', () => {
    const rate = 8000;
    const short = features(tone(500, rate, 0.5), prep({ type: 'stft', norm: 'per_file', audio_file_length_limit_in_s: 1, padding_value: 3 }), rate);
    const frames = frameCount(4000, 320, 160);
    const dim = short.shape.featureDim;
    for (const d of [0, 10, 100]) {
      const column = Array.from({ length: frames }, (_, f) => short.out[f * dim + d]);
      const mean = column.reduce((a, v) => a + v, 0) / frames;
      const std = Math.sqrt(column.reduce((a, v) => a + (v - mean) ** 2, 0) / (frames - 1));
      expect(mean).toBeCloseTo(0, 4);
      expect(std).toBeCloseTo(1, 3);
    }
    expect(short.cut).toBe(false);
    expect(Array.from(short.out.subarray(frames * dim))).toEqual(new Array((short.shape.maxLength - frames) * dim).fill(3));
    const long = features(tone(500, rate, 2), prep({ type: 'raw', audio_file_length_limit_in_s: 1 }), rate);
    expect(long.cut).toBe(true);
    expect(long.out.length).toBe(8000);
  });

  it("uses torch's symmetric windows", () => {
    expect(Array.from(audioWindow('hamming', 5), (v) => +v.toFixed(6))).toEqual([0.08, 0.54, 1, 0.54, 0.08]);
    expect(Array.from(audioWindow('hann', 5), (v) => +v.toFixed(12))).toEqual([0, 0.5, 1, 0.5, 0]);
    expect(Array.from(audioWindow('bartlett', 5))).toEqual([0, 0.5, 1, 0.5, 0]);
    expect(audioWindow('blackman', 5)[2]).toBeCloseTo(1, 12);
    expect(melFilterBank(4, 64, 8000).every((f) => Math.max(...f) <= 1)).toBe(true);
  });
});
