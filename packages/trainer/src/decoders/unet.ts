import { OvertureError, type UNetDecoderConfig } from '@overture/config';
import { UNetUpStack } from '../layers/unet.js';
import type { DecoderFactory } from './decoder.js';

/**
 * Ludwig's unet decoder (UNetDecoder): the combiner's output is the unet encoder's flat bottleneck,
 * reshaped back to a map and up-sampled by UNetUpStack with the encoder's skips, to logits
 * [batch, height·width·num_classes] (flat NHWC: the classes of a pixel are adjacent). height, width
 * and num_classes come from the mask preprocessing (Ludwig's update_config_with_metadata).
 */
export const unetDecoder: DecoderFactory<UNetDecoderConfig> = ({ name, config, inputSize, skips, params, rng }) => {
  const feature = name.replace(/^decoders\./, '');
  const { height, width, num_classes: classes, num_stages: depth } = config;
  if (!skips) {
    throw new OvertureError('invalid_config', `the unet decoder of '${feature}' reads the skip connections of a unet image encoder: give the model exactly one input, an image feature with encoder: {type: unet}`);
  }
  if (!height || !width || !classes) throw new OvertureError('internal', `the unet decoder of '${feature}' needs height, width and num_classes from the mask preprocessing`);
  if (classes < 2) throw new OvertureError('invalid_input', `the masks of '${feature}' hold ${classes} class: a segmentation needs at least 2 (num_classes)`);
  const divisor = 2 ** depth;
  if (height % divisor !== 0 || width % divisor !== 0) {
    throw new OvertureError('invalid_config', `the unet decoder of '${feature}' doubles the map ${depth} times, so the masks' height and width must be multiples of ${divisor} (these are ${height}×${width})`);
  }
  const [skipH, skipW] = skips.shapes[0];
  if (skips.shapes.length !== depth || skipH !== height || skipW !== width) {
    throw new OvertureError('invalid_config', `the unet decoder of '${feature}' makes ${height}×${width} masks over ${depth} stages, but the unet encoder has ${skips.shapes.length} stages at ${skipH}×${skipW}: give masks and images the same height and width`);
  }
  const up = new UNetUpStack(params, `${name}.unet`, [height, width], classes, config.conv_norm, rng, depth);
  const expected = up.inputShape[0] * up.inputShape[1] * up.inputShape[2];
  if (inputSize !== expected) {
    throw new OvertureError('invalid_config', `the unet decoder of '${feature}' reads the unet encoder's ${expected}-value bottleneck, but the combiner gives ${inputSize} values: use combiner: {type: concat, num_fc_layers: 0}`);
  }
  return {
    hiddenSize: height * width * classes,
    forward: (input, ctx) => {
      const logits = up.forward(input, skips.read(ctx), ctx);
      return { hidden: logits, output: logits };
    },
    exportOnnx: (g, input) => {
      const logits = up.exportOnnx(g, input, skips.readOnnx(g));
      return { hidden: logits, output: logits };
    },
  };
};
