import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';

describe('sequence input features', () => {
  const config = (encoder?: unknown, extra: Record<string, unknown> = {}) => ({
    input_features: [{ name: 'events', type: 'sequence', ...(encoder === undefined ? {} : { encoder }), ...extra }],
    output_features: [{ name: 'churned', type: 'binary' }],
  });

  it("resolve with Ludwig's defaults: the embed encoder over space-separated tokens", () => {
    const events = resolveConfig(config()).config.input_features[0];
    expect(events.type).toBe('sequence');
    expect(events.encoder).toMatchObject({ type: 'embed', embedding_size: 256, representation: 'dense', reduce_output: 'sum' });
    expect(events.preprocessing).toMatchObject({ tokenizer: 'space', max_sequence_length: 256, most_common: 20000, compute_idf: false });
  });

  it('take every sequence encoder text has except tf_idf, with the same parameters', () => {
    for (const type of ['parallel_cnn', 'stacked_cnn', 'stacked_parallel_cnn', 'rnn', 'cnnrnn', 'transformer']) {
      expect(resolveConfig(config({ type })).config.input_features[0].encoder.type).toBe(type);
    }
    const rnn = resolveConfig(config({ type: 'rnn', cell_type: 'lstm', bidirectional: true })).config.input_features[0].encoder;
    expect(rnn).toMatchObject({ type: 'rnn', cell_type: 'lstm', bidirectional: true });
    // tf_idf is a text encoder only: for a sequence it is an unknown encoder, with the list.
    const error = catchOvertureError(() => resolveConfig(config({ type: 'tf_idf' })));
    expect(error.details[0].path).toBe('input_features[0].encoder.type');
  });

  it('refuse the Ludwig sequence encoders Overture does not train yet by name', () => {
    const error = catchOvertureError(() => resolveConfig(config({ type: 'passthrough' })));
    expect(error.code).toBe('unsupported');
    expect(error.details).toEqual([{
      path: 'input_features[0].encoder.type',
      message: "'passthrough' is a Ludwig sequence encoder that Overture does not support yet (feature 'events'); use one of embed, parallel_cnn, stacked_cnn, stacked_parallel_cnn, rnn, cnnrnn, transformer",
    }]);
    const viaDefaults = catchOvertureError(() => resolveConfig({ ...config(), defaults: { sequence: { encoder: { type: 'mamba' } } } }));
    expect(viaDefaults.details[0].message).toMatch(/^'mamba' is a Ludwig (sequence )?encoder that Overture does not support yet/);
  });

  it('apply defaults.sequence preprocessing and never turn token ids into tf-idf vectors', () => {
    const resolved = resolveConfig({
      ...config(undefined, { preprocessing: { compute_idf: true } }),
      defaults: { sequence: { preprocessing: { tokenizer: 'comma', max_sequence_length: 12 } } },
    }).config.input_features[0];
    expect(resolved.preprocessing).toMatchObject({ tokenizer: 'comma', max_sequence_length: 12, compute_idf: false });
    const bad = catchOvertureError(() => resolveConfig({ ...config(), defaults: { sequence: { preprocessing: { max_sequence_lenght: 12 } } } }));
    expect(bad.details[0].path).toMatch(/^defaults\.sequence\.preprocessing/);
  });
});
