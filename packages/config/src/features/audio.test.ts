import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';
import { ZAudioPreprocessing } from './audio.js';

const withAudio = (feature: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  resolveConfig({ input_features: [{ name: 'call', type: 'audio', ...feature }], output_features: [{ name: 'y', type: 'category' }], ...extra });

describe('audio input features', () => {
  it("fills Ludwig's audio preprocessing defaults (fbank of 80 bands, 40 ms Hamming windows every 20 ms, 7.5 s, bfill)", () => {
    expect(ZAudioPreprocessing.parse({})).toEqual({
      audio_file_length_limit_in_s: 7.5, missing_value_strategy: 'bfill', fill_value: null, computed_fill_value: null, in_memory: true,
      padding_value: 0, norm: null, type: 'fbank', window_length_in_s: 0.04, window_shift_in_s: 0.02, num_fft_points: null,
      window_type: 'hamming', num_filter_bands: 80,
    });
  });

  it("gives an audio input Ludwig's default encoder, parallel_cnn, and takes the other sequence encoders and defaults.audio", () => {
    const { config } = withAudio({}, { defaults: { audio: { preprocessing: { type: 'stft', norm: 'per_file' } } } });
    expect(config.input_features[0].encoder).toMatchObject({ type: 'parallel_cnn', num_filters: 256, reduce_output: 'sum' });
    expect(config.input_features[0].preprocessing).toMatchObject({ type: 'stft', norm: 'per_file' });
    for (const type of ['stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn']) {
      expect(withAudio({ encoder: { type } }).config.input_features[0].encoder.type).toBe(type);
    }
  });

  it('refuses a Ludwig audio encoder Overture does not train by name, and wrong preprocessing values with their path', () => {
    const unsupported = catchOvertureError(() => withAudio({ encoder: { type: 'wav2vec2' } }));
    expect(unsupported.code).toBe('unsupported');
    expect(unsupported.details[0].message).toBe(
      "'wav2vec2' is a Ludwig audio encoder that Overture does not support yet (feature 'call'); use one of parallel_cnn, stacked_cnn, stacked_parallel_cnn, rnn, cnnrnn",
    );
    const wrong = catchOvertureError(() => withAudio({ preprocessing: { type: 'mfcc', window_type: 'kaiser', audio_file_length_limit_in_s: 0 } }));
    expect(wrong.details.map((d) => d.path).sort()).toEqual([
      'input_features[0].preprocessing.audio_file_length_limit_in_s', 'input_features[0].preprocessing.type', 'input_features[0].preprocessing.window_type',
    ]);
  });
});
