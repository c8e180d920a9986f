import { z } from 'zod';
import { doc } from '../common.js';
import { ZAudioEncoder } from '../encoders/index.js';
import { inputFeatureBase, missingValueStrategies, missingValueStrategyField, noPretrainedEmbeddings } from './base.js';

export const audioFeatureTypes = ['fbank', 'group_delay', 'raw', 'stft', 'stft_phase'] as const;
export const audioWindowTypes = ['bartlett', 'blackman', 'hamming', 'hann'] as const;
export type AudioFeatureType = (typeof audioFeatureTypes)[number];
export type AudioWindowType = (typeof audioWindowTypes)[number];

const seconds = (def: number, description: string) => doc(z.number().positive().default(def), description);

/**
 * Ludwig's `AudioPreprocessingConfig` (ludwig/schema/features/preprocessing/audio.py): each WAV
 * recording becomes a matrix of frames × features (the raw samples, a short-time Fourier
 * transform's magnitude, its phase and magnitude, the group delay, or log mel filter banks), cut
 * or padded to the frames of `audio_file_length_limit_in_s`, which the sequence encoders read.
 */
export const ZAudioPreprocessing = z.strictObject({
  audio_file_length_limit_in_s: seconds(
    7.5,
    'Longest stretch of each recording used, in seconds: a longer one is cut, a shorter one padded with padding_value. Times the sampling rate it must be a whole number of samples.',
  ),
  missing_value_strategy: missingValueStrategyField(missingValueStrategies, 'bfill'),
  fill_value: doc(
    z.number().min(0).nullable().default(null),
    'Value of every feature of a missing recording under fill_with_const; null: padding_value.',
  ),
  computed_fill_value: doc(z.number().nullable().default(null), 'Set by preprocessing (Ludwig keeps it in the config); a value written here is replaced.'),
  in_memory: doc(z.boolean().default(true), 'Accepted for Ludwig compatibility: the computed features are always kept in memory.'),
  padding_value: doc(z.number().min(0).default(0), 'Value of the frames after the end of a recording shorter than audio_file_length_limit_in_s.'),
  norm: doc(
    z.literal('per_file').nullable().default(null),
    'per_file: standardize each feature over the frames of its own recording (mean 0, standard deviation 1) before padding; null: no normalization.',
  ),
  type: doc(
    z.enum(audioFeatureTypes).default('fbank'),
    'The features of each frame: fbank (log mel filter banks), stft (magnitude spectrum), stft_phase (phase then magnitude), group_delay, or raw (one sample per step, no frames).',
    { commonly_used: true },
  ),
  window_length_in_s: seconds(0.04, 'Length of each frame of the short-time Fourier transform, in seconds.'),
  window_shift_in_s: seconds(0.02, 'Step between the starts of two frames (hop length), in seconds.'),
  num_fft_points: doc(
    z.number().int().positive().nullable().default(null),
    'Points of each frame\'s Fourier transform (at least the frame length in samples; more pads with zeros); null: the frame length.',
  ),
  window_type: doc(z.enum(audioWindowTypes).default('hamming'), 'Window each frame is weighted with before its Fourier transform.'),
  num_filter_bands: doc(z.number().int().positive().default(80), 'Number of mel filter bands (the features per frame) of type fbank.'),
});
export type AudioPreprocessing = z.output<typeof ZAudioPreprocessing>;

export const ZAudioInputFeature = z.strictObject({
  ...inputFeatureBase,
  type: z.literal('audio'),
  encoder: ZAudioEncoder.prefault({ type: 'parallel_cnn' }),
  preprocessing: ZAudioPreprocessing.prefault({}),
}).check(noPretrainedEmbeddings('audio'));
