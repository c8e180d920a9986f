import { OvertureError, type AudioPreprocessing, type AudioWindowType } from '@overture/config';
import { createRealDft, type RealDft } from './dft.js';

/**
 * Ludwig's audio features (ludwig/utils/audio_utils.py, features/audio_feature.py), computed in
 * float64 and stored as float32 [frames, feature_dim]:
 *
 * - raw: the samples themselves, one per step (feature_dim 1);
 * - stft, stft_phase, group_delay, fbank: the signal is pre-emphasized (y[t] = x[t] − 0.97·x[t−1]),
 *   cut into frames of window_length_in_s every window_shift_in_s (ceil((n − L)/S + 1) frames, the
 *   last one zero-padded), each weighted by a symmetric window and transformed with
 *   num_fft_points (default: the frame length L); the first ⌊N/2⌋ + 1 bins are kept. stft is the
 *   magnitude; stft_phase the phase then the magnitude; group_delay (Re X·Re Y + Im X·Im Y) /
 *   (|X|² + 1e-10) with Y the transform under the window times t; fbank subtracts each frame's mean
 *   first and is log(|X|² · melᵀ + 1e-10) over num_filter_bands triangular mel filters (after
 *   python_speech_features).
 *
 * Then `norm: per_file` standardizes each feature over the recording's frames (unbiased standard
 * deviation + 1e-10, as torch.std), and the matrix is cut or padded with padding_value to
 * max_length frames.
 */

/** The shape every recording of a feature is brought to, fixed by the first recording's rate. */
export interface AudioShape {
  samplingRate: number;
  /** Steps: samples of the length limit (raw) or frames of it. */
  maxLength: number;
  featureDim: number;
}

const windowSamples = (seconds: number, rate: number) => Math.trunc(seconds * rate);

/** Ludwig's get_num_output_padded_to_fit_input (at least one frame: Ludwig fails on a recording shorter than a window). */
export function frameCount(samples: number, windowLength: number, shift: number): number {
  return Math.max(1, Math.ceil((samples - windowLength) / shift + 1));
}

function fftPoints(p: AudioPreprocessing, rate: number): number {
  const windowLength = windowSamples(p.window_length_in_s, rate);
  return p.num_fft_points ?? windowLength;
}

/** feature_dim and max_length of Ludwig's get_feature_meta, for recordings at `rate` Hz. */
export function audioShape(p: AudioPreprocessing, rate: number, feature: string): AudioShape {
  const limit = p.audio_file_length_limit_in_s * rate;
  // Ludwig's rule; a tolerance for limits like 0.1 s · 44100 Hz written in decimal.
  if (Math.abs(limit - Math.round(limit)) > 1e-6) {
    throw new OvertureError('invalid_config', `Audio feature '${feature}': audio_file_length_limit_in_s ${p.audio_file_length_limit_in_s} × the sampling rate ${rate} Hz is not a whole number of samples; choose a limit that is (Ludwig's rule).`, [
      { path: `${feature}.preprocessing.audio_file_length_limit_in_s`, message: 'not a whole number of samples' },
    ]);
  }
  const limitSamples = Math.round(limit);
  if (p.type === 'raw') return { samplingRate: rate, maxLength: limitSamples, featureDim: 1 };
  const windowLength = windowSamples(p.window_length_in_s, rate);
  const shift = windowSamples(p.window_shift_in_s, rate);
  if (windowLength < 2 || shift < 1) {
    throw new OvertureError('invalid_config', `Audio feature '${feature}': window_length_in_s ${p.window_length_in_s} and window_shift_in_s ${p.window_shift_in_s} are ${windowLength} and ${shift} samples at ${rate} Hz; a window needs at least 2 samples and a shift at least 1.`, [
      { path: `${feature}.preprocessing.window_length_in_s`, message: 'too short for the sampling rate' },
    ]);
  }
  const points = fftPoints(p, rate);
  if (points < windowLength) {
    throw new OvertureError('invalid_config', `Audio feature '${feature}': num_fft_points ${points} is smaller than the window of ${windowLength} samples (window_length_in_s ${p.window_length_in_s} at ${rate} Hz).`, [
      { path: `${feature}.preprocessing.num_fft_points`, message: 'smaller than the window' },
    ]);
  }
  const bins = Math.floor(points / 2) + 1;
  const featureDim = p.type === 'fbank' ? p.num_filter_bands : p.type === 'stft_phase' ? 2 * bins : bins;
  return { samplingRate: rate, maxLength: frameCount(limitSamples, windowLength, shift), featureDim };
}

/** torch's symmetric (periodic=False) windows. */
export function audioWindow(type: AudioWindowType, length: number): Float64Array {
  const w = new Float64Array(length);
  const d = length - 1;
  for (let n = 0; n < length; n++) {
    const x = (2 * Math.PI * n) / d;
    w[n] = type === 'hamming' ? 0.54 - 0.46 * Math.cos(x)
      : type === 'hann' ? 0.5 - 0.5 * Math.cos(x)
        : type === 'blackman' ? 0.42 - 0.5 * Math.cos(x) + 0.08 * Math.cos(2 * x)
          : 1 - Math.abs((2 * n) / d - 1);
  }
  return w;
}

const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);

/** Ludwig's _get_mel_fbank_matrix: [bands, bins] triangular filters on ⌊(N + 1)/rate · hz⌋ bin edges. */
export function melFilterBank(bands: number, points: number, rate: number): Float64Array[] {
  const bins = Math.floor(points / 2) + 1;
  const topMel = hzToMel(Math.trunc(rate / 2));
  const edges = Array.from({ length: bands + 2 }, (_, i) => Math.floor(((points + 1) / rate) * melToHz((topMel * i) / (bands + 1))));
  return Array.from({ length: bands }, (_, f) => {
    const [start, middle, end] = [edges[f], edges[f + 1], edges[f + 2]];
    const filter = new Float64Array(bins);
    for (let k = start; k < middle && k < bins; k++) filter[k] = (k - start) / (middle - start);
    for (let k = middle; k < end && k < bins; k++) filter[k] = (end - k) / (end - middle);
    return filter;
  });
}

/** What the features of one feature's recordings need, built once per column. */
export interface AudioTransform {
  readonly shape: AudioShape;
  /** The padded [maxLength, featureDim] features of one recording, written at `out[offset…]`; returns whether it was cut. */
  computeInto(samples: Float32Array, out: Float32Array, offset: number): boolean;
}

export function createAudioTransform(p: AudioPreprocessing, shape: AudioShape): AudioTransform {
  const rate = shape.samplingRate;
  const frames = p.type === 'raw' ? null : {
    length: windowSamples(p.window_length_in_s, rate),
    shift: windowSamples(p.window_shift_in_s, rate),
    points: fftPoints(p, rate),
  };
  const window = frames ? audioWindow(p.window_type, frames.length) : null;
  const rampWindow = window && p.type === 'group_delay' ? window.map((v, t) => v * t) : null;
  const dft: RealDft | null = frames ? createRealDft(frames.points) : null;
  const mel = frames && p.type === 'fbank' ? melFilterBank(p.num_filter_bands, frames.points, rate) : null;
  const { maxLength, featureDim } = shape;
  return {
    shape,
    computeInto(samples, out, offset) {
      const features = p.type === 'raw' ? Float64Array.from(samples) : spectralFeatures(samples, p.type, frames!, window!, rampWindow, dft!, mel);
      const steps = features.length / featureDim;
      if (p.norm === 'per_file') standardizePerFeature(features, steps, featureDim);
      const kept = Math.min(steps, maxLength);
      for (let i = 0; i < kept * featureDim; i++) out[offset + i] = features[i];
      out.fill(p.padding_value, offset + kept * featureDim, offset + maxLength * featureDim);
      return steps > maxLength;
    },
  };
}

function spectralFeatures(
  raw: Float32Array, type: AudioPreprocessing['type'], frames: { length: number; shift: number; points: number },
  window: Float64Array, rampWindow: Float64Array | null, dft: RealDft, mel: Float64Array[] | null,
): Float64Array {
  const n = raw.length;
  // Pre-emphasis (Ludwig's lfilter with b = [1, −0.97]).
  const x = new Float64Array(n);
  for (let t = 0; t < n; t++) x[t] = raw[t] - (t > 0 ? 0.97 * raw[t - 1] : 0);
  const count = frameCount(n, frames.length, frames.shift);
  const bins = Math.floor(frames.points / 2) + 1;
  const dim = type === 'fbank' ? mel!.length : type === 'stft_phase' ? 2 * bins : bins;
  const out = new Float64Array(count * dim);
  const frame = new Float64Array(frames.length);
  const weighted = new Float64Array(frames.length);
  const [re, im, re2, im2] = [new Float64Array(bins), new Float64Array(bins), new Float64Array(bins), new Float64Array(bins)];
  for (let f = 0; f < count; f++) {
    const start = f * frames.shift;
    const end = Math.min(n, start + frames.length);
    frame.fill(0);
    let mean = 0;
    for (let t = start; t < end; t++) mean += x[t];
    mean = type === 'fbank' && end > start ? mean / (end - start) : 0;
    for (let t = start; t < end; t++) frame[t - start] = x[t] - mean;
    for (let t = 0; t < frames.length; t++) weighted[t] = frame[t] * window[t];
    dft.transform(weighted, bins, re, im);
    const row = f * dim;
    if (type === 'stft') {
      for (let k = 0; k < bins; k++) out[row + k] = Math.hypot(re[k], im[k]);
    } else if (type === 'stft_phase') {
      for (let k = 0; k < bins; k++) {
        out[row + k] = Math.atan2(im[k], re[k]);
        out[row + bins + k] = Math.hypot(re[k], im[k]);
      }
    } else if (type === 'group_delay') {
      for (let t = 0; t < frames.length; t++) weighted[t] = frame[t] * rampWindow![t];
      dft.transform(weighted, bins, re2, im2);
      for (let k = 0; k < bins; k++) out[row + k] = (re[k] * re2[k] + im[k] * im2[k]) / (re[k] * re[k] + im[k] * im[k] + 1e-10);
    } else {
      for (let b = 0; b < dim; b++) {
        const filter = mel![b];
        let energy = 0;
        for (let k = 0; k < bins; k++) if (filter[k] !== 0) energy += (re[k] * re[k] + im[k] * im[k]) * filter[k];
        out[row + b] = Math.log(energy + 1e-10);
      }
    }
  }
  return out;
}

/** Ludwig's per_file norm: (x − mean) / (std + 1e-10) per feature over the frames, std unbiased (0 for one frame). */
function standardizePerFeature(values: Float64Array, steps: number, dim: number): void {
  for (let d = 0; d < dim; d++) {
    let sum = 0;
    for (let s = 0; s < steps; s++) sum += values[s * dim + d];
    const mean = sum / steps;
    let squares = 0;
    for (let s = 0; s < steps; s++) squares += (values[s * dim + d] - mean) ** 2;
    const std = steps > 1 ? Math.sqrt(squares / (steps - 1)) : 0;
    for (let s = 0; s < steps; s++) values[s * dim + d] = (values[s * dim + d] - mean) / (std + 1e-10);
  }
}
