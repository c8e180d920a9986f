import type { ProblemList } from './problems.js';
import type { ParsedConfig } from './validate.js';

/**
 * Cross-field checks of image outputs (semantic segmentation): Ludwig's UNetDecoder reads the
 * unet encoder's skip connections (`encoder_output_state`) and reshapes the combiner's output back
 * to the encoder's bottleneck, so it needs one unet image input and a concat combiner that passes
 * that map through unchanged (no FC layers, as Ludwig's segmentation examples write it).
 */
export function addSegmentationProblems(config: ParsedConfig, invalid: ProblemList, unsupported: ProblemList): void {
  config.output_features.forEach((f, i) => {
    if (f.type !== 'image') return;
    const decoder = (f.decoder as { type: string }).type;
    const loss = (f.loss as { type?: string }).type ?? '';
    if (decoder !== 'unet') {
      unsupported.add(() => ({ path: `output_features[${i}].decoder.type`, message: `'${decoder}' is a Ludwig image decoder that Overture does not support yet (feature '${f.name}'); use decoder: {type: unet} with a unet image encoder` }));
      return;
    }
    if (loss !== 'softmax_cross_entropy') {
      unsupported.add(() => ({ path: `output_features[${i}].loss.type`, message: `'${loss}' is a Ludwig image loss that Overture does not support yet (feature '${f.name}'); use softmax_cross_entropy` }));
    }
    const unets = config.input_features.filter((input) => input.type === 'image' && input.encoder.type === 'unet');
    if (unets.length !== 1 || config.input_features.length !== 1) {
      invalid.add(() => ({
        path: `output_features[${i}].decoder.type`,
        message: `the unet decoder of '${f.name}' reads the skip connections of a unet image encoder: give the model exactly one input, an image feature with encoder: {type: unet}${unets.length > 1 ? ` (there are ${unets.length})` : ''}`,
      }));
    }
    const combiner = config.combiner as { type: string; num_fc_layers?: number; fc_layers?: unknown[] | null };
    if (combiner.type !== 'concat' || (combiner.num_fc_layers ?? 0) > 0 || (combiner.fc_layers?.length ?? 0) > 0) {
      invalid.add(() => ({
        path: 'combiner',
        message: `the unet decoder of '${f.name}' upsamples the unet encoder's feature map as it is: use combiner: {type: concat, num_fc_layers: 0}`,
      }));
    }
    const d = f.decoder as { num_stages?: number; num_fc_layers?: number; fc_layers?: unknown[] | null };
    if ((d.num_fc_layers ?? 0) > 0 || (d.fc_layers?.length ?? 0) > 0) {
      unsupported.add(() => ({ path: `output_features[${i}].decoder.num_fc_layers`, message: `fully connected layers before the unet decoder are a Ludwig option that Overture does not support yet (Ludwig's UNetDecoder builds none) (feature '${f.name}'); set num_fc_layers: 0` }));
    }
    if (d.num_stages !== undefined && d.num_stages !== 4) {
      invalid.add(() => ({ path: `output_features[${i}].decoder.num_stages`, message: `num_stages ${d.num_stages}: the unet encoder has 4 stages (Ludwig's UNetDownStack), and the decoder needs one stage per encoder stage; use 4` }));
    }
  });
}
