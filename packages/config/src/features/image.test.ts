import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';
import { ZImagePreprocessing } from './image.js';
import type { ImageStackedCnnEncoderConfig } from '../encoders/index.js';

const withImage = (feature: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  resolveConfig({ input_features: [{ name: 'photo', type: 'image', ...feature }], output_features: [{ name: 'y', type: 'category' }], ...extra });

describe('image input features', () => {
  it("fills Ludwig's image preprocessing defaults (bfill, inferred size and channels, interpolate)", () => {
    expect(ZImagePreprocessing.parse({})).toEqual({
      missing_value_strategy: 'bfill', fill_value: null, computed_fill_value: null, height: null, width: null, num_channels: null,
      resize_method: 'interpolate', infer_image_num_channels: true, infer_image_dimensions: true, infer_image_max_height: 256,
      infer_image_max_width: 256, infer_image_sample_size: 100, standardize_image: null, in_memory: true, num_processes: 1,
      requires_equal_dimensions: false,
    });
  });

  it("gives an image input Ludwig's default encoder, stacked_cnn, with its defaults", () => {
    const { config } = withImage({});
    const feature = config.input_features[0];
    expect(feature.type).toBe('image');
    expect(feature.encoder).toMatchObject({
      type: 'stacked_cnn', conv_layers: null, num_conv_layers: null, out_channels: 32, kernel_size: 3, stride: 1, padding: 'valid',
      dilation: 1, pool_function: 'max', pool_kernel_size: 2, pool_stride: null, output_size: 128, num_fc_layers: 1, conv_activation: 'relu',
    });
  });

  it('takes conv_layers with pairs and per-layer values, and defaults.image blocks', () => {
    const { config } = withImage(
      { encoder: { type: 'stacked_cnn', conv_layers: [{ out_channels: 8, kernel_size: [3, 5], padding: 'same', pool_function: 'avg' }] } },
      { defaults: { image: { preprocessing: { height: 28, width: 28, resize_method: 'crop_or_pad' } } } },
    );
    const feature = config.input_features[0];
    const encoder = feature.encoder as ImageStackedCnnEncoderConfig;
    expect(encoder.conv_layers?.[0]).toEqual({
      out_channels: 8, kernel_size: [3, 5], padding: 'same', pool_function: 'avg',
    });
    expect(feature.preprocessing).toMatchObject({ height: 28, width: 28, resize_method: 'crop_or_pad' });
  });

  it('refuses grouped convolutions, other padding modes, conv layer norm, pool padding and dilation as not supported yet', () => {
    const error = catchOvertureError(() =>
      withImage({
        encoder: { type: 'stacked_cnn', groups: 2, padding_mode: 'reflect', conv_layers: [{ norm: 'layer', pool_padding: 1, pool_dilation: 2 }] },
      }),
    );
    expect(error.details.map((d) => [d.path, d.message])).toEqual([
      ['input_features[0].encoder.conv_layers[0].norm', expect.stringMatching(/layer norm .* is not supported yet/)],
      ['input_features[0].encoder.conv_layers[0].pool_padding', 'pool_padding other than 0 is not supported yet'],
      ['input_features[0].encoder.conv_layers[0].pool_dilation', 'pool_dilation other than 1 is not supported yet'],
      ['input_features[0].encoder.padding_mode', 'padding modes other than zeros are not supported yet'],
      ['input_features[0].encoder.groups', 'grouped convolutions (groups other than 1) are not supported yet'],
    ]);
  });

  it('refuses another Ludwig image encoder named in defaults, by name', () => {
    const error = catchOvertureError(() => withImage({}, { defaults: { image: { encoder: { type: 'densenet' } } } }));
    expect(error.code).toBe('unsupported');
    expect(error.details[0]).toMatchObject({
      path: 'input_features[0].encoder.type',
      message: "'densenet' is a Ludwig image encoder that Overture does not support yet (feature 'photo'); use one of stacked_cnn, mlp_mixer, resnet, vit, unet",
    });
  });

  it.each(['resnet', 'vit'])('refuses %s with pretrained weights (Ludwig\'s default, written or not, own or from defaults) and says use_pretrained: false trains it from scratch', (type) => {
    for (const [feature, extra] of [
      [{ encoder: { type } }, {}],
      [{ encoder: { type, use_pretrained: true } }, {}],
      [{}, { defaults: { image: { encoder: { type, use_pretrained: true } } } }],
    ] as [Record<string, unknown>, Record<string, unknown>][]) {
      const error = catchOvertureError(() => withImage(feature, extra));
      expect(error.code).toBe('unsupported');
      expect(error.details).toEqual([{
        path: 'input_features[0].encoder.use_pretrained',
        message: `pretrained ${type} weights (use_pretrained: true, Ludwig's default) are not supported yet (feature 'photo'): they would have to be downloaded from torchvision, which Overture never does; set use_pretrained: false to train the ${type} architecture from scratch`,
      }]);
    }
  });

  it("takes resnet, vit and mlp_mixer with Ludwig's defaults (resnet 50, vit b_16, mlp_mixer's 16-pixel patches) and refuses a bad variant", () => {
    const encoderOf = (feature: Record<string, unknown>, extra: Record<string, unknown> = {}) => withImage(feature, extra).config.input_features[0].encoder as Record<string, unknown>;
    expect(encoderOf({ encoder: { type: 'resnet', use_pretrained: false } })).toMatchObject({ model_variant: 50, trainable: true, saved_weights_in_checkpoint: false });
    expect(encoderOf({}, { defaults: { image: { encoder: { type: 'vit', use_pretrained: false } } } })).toMatchObject({ type: 'vit', model_variant: 'b_16' });
    expect(encoderOf({ encoder: { type: 'mlp_mixer' } })).toMatchObject({ patch_size: 16, embed_size: 512, token_size: 2048, channel_dim: 256, num_layers: 8, avg_pool: true, dropout: 0 });
    const error = catchOvertureError(() => withImage({ encoder: { type: 'resnet', use_pretrained: false, model_variant: 20 } }));
    expect(error.details[0].path).toBe('input_features[0].encoder.model_variant');
  });

  it('refuses an unknown preprocessing key with a suggestion and a bad resize method', () => {
    const error = catchOvertureError(() => withImage({ preprocessing: { hieght: 32, resize_method: 'stretch' } }));
    expect(error.details.map((d) => d.path)).toEqual(expect.arrayContaining(['input_features[0].preprocessing.hieght', 'input_features[0].preprocessing.resize_method']));
  });
});
