import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';
import { ZTimeseriesOutputPreprocessing, ZTimeseriesPreprocessing } from './timeseries.js';

const forecast = (input: Record<string, unknown>, output: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  resolveConfig({
    input_features: [{ name: 'history', type: 'timeseries', ...input }],
    output_features: [{ name: 'next', type: 'timeseries', ...output }],
    ...extra,
  });

describe('timeseries features', () => {
  it("fills Ludwig's timeseries preprocessing defaults (space, 256 steps, right padding with 0)", () => {
    expect(ZTimeseriesPreprocessing.parse({})).toEqual({
      tokenizer: 'space', timeseries_length_limit: 256, padding_value: 0, padding: 'right', missing_value_strategy: 'fill_with_const',
      fill_value: '', computed_fill_value: '', window_size: 0,
    });
    expect(ZTimeseriesOutputPreprocessing.parse({})).toMatchObject({ missing_value_strategy: 'drop_row', horizon: 0 });
  });

  it("gives a timeseries input parallel_cnn and a timeseries output the projector with Ludwig's huber loss", () => {
    const { config } = forecast({});
    expect(config.input_features[0].encoder.type).toBe('parallel_cnn');
    const output = config.output_features[0];
    expect(output.type).toBe('timeseries');
    if (output.type !== 'timeseries') throw new Error('unreachable');
    expect(output.decoder.type).toBe('projector');
    expect(output.loss).toMatchObject({ type: 'huber', delta: 1 });
    expect(output.default_validation_metric).toBe('mean_squared_error');
  });

  it("takes Ludwig's forecasting example (window_size, passthrough, horizon on the same column)", () => {
    const { config } = forecast(
      { name: 'Seattle', preprocessing: { window_size: 10 }, encoder: { type: 'passthrough' } },
      { name: 'Seattle_next', column: 'Seattle', preprocessing: { horizon: 2 } },
      { combiner: { type: 'concat', flatten_inputs: true } },
    );
    expect(config.input_features[0]).toMatchObject({ name: 'Seattle', preprocessing: { window_size: 10 }, encoder: { type: 'passthrough', reduce_output: null } });
    expect(config.output_features[0]).toMatchObject({ column: 'Seattle', preprocessing: { horizon: 2 } });
  });

  it("fills Ludwig's nbeats and patchtst defaults", () => {
    expect(forecast({ encoder: { type: 'nbeats' } }).config.input_features[0].encoder).toEqual({
      type: 'nbeats', num_stacks: 2, num_blocks: 3, num_layers: 4, layer_size: 256, output_size: 256, dropout: 0,
    });
    expect(forecast({ encoder: { type: 'patchtst' } }).config.input_features[0].encoder).toEqual({
      type: 'patchtst', patch_size: 16, patch_stride: 8, d_model: 128, num_heads: 8, num_layers: 3, ffn_dim: 256, dropout: 0.1,
      output_size: 256, reduce_output: 'mean',
    });
  });

  it('refuses bad nbeats and patchtst options with their paths', () => {
    const error = catchOvertureError(() => forecast({ encoder: { type: 'patchtst', d_model: 10, num_heads: 4, reduce_output: 'max' } }));
    expect(error.details.map((d) => d.path)).toEqual(expect.arrayContaining(['input_features[0].encoder.reduce_output']));
    const heads = catchOvertureError(() => forecast({ encoder: { type: 'patchtst', d_model: 10, num_heads: 4 } }));
    expect(heads.details[0]).toMatchObject({ path: 'input_features[0].encoder.num_heads', message: expect.stringMatching(/d_model \(10\) must be divisible by num_heads \(4\)/) });
    const blocks = catchOvertureError(() => forecast({ encoder: { type: 'nbeats', num_blocks: 0, thetas: 3 } }));
    expect(blocks.details.map((d) => d.path)).toEqual(expect.arrayContaining(['input_features[0].encoder.num_blocks']));
  });

  it('refuses the mamba family by name as not supported yet, naming the encoders that train', () => {
    const error = catchOvertureError(() => forecast({ encoder: { type: 'mamba' } }));
    expect(error.code).toBe('unsupported');
    expect(error.details[0]).toMatchObject({
      path: 'input_features[0].encoder.type',
      message: expect.stringMatching(/^'mamba' is a Ludwig timeseries encoder that Overture does not support yet .*use one of parallel_cnn, stacked_cnn.*nbeats, patchtst$/),
    });
  });

  it('refuses a word tokenizer, a negative window and an unknown loss', () => {
    const error = catchOvertureError(() =>
      forecast({ preprocessing: { tokenizer: 'space_punct', window_size: -1 } }, { loss: { type: 'softmax_cross_entropy' } }),
    );
    const paths = error.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining([
      'input_features[0].preprocessing.tokenizer', 'input_features[0].preprocessing.window_size', 'output_features[0].loss.type',
    ]));
    expect(error.details.find((d) => d.path?.endsWith('tokenizer'))?.message).toMatch(/splits words, not numbers/);
  });
});
