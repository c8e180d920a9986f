import type { AudioPreprocessing, ImagePreprocessing } from '@overture/config';
import type { RawTable } from '../../data/table.js';
import { columnOf } from '../config-view.js';
import type { TrainingSetMetadata } from '../types.js';
import { decodeImageColumn, inferImageShape } from '../image/decode-column.js';
import { decodeAudioColumn, inferAudioShape } from '../audio/decode-column.js';
import type { DecodedMedia } from './decoded-media.js';
import { embedTextColumn, usesPretrainedEncoder } from '../pretrained/embed-column.js';

export { decodedOf, type DecodedMedia } from './decoded-media.js';

export interface DecodeMediaOptions {
  /** Folder that relative paths are read from and absolute paths must lie in; null: paths are refused (base64/data URIs only). */
  root: string | null;
  /** The stored metadata at prediction: sizes and rates come from it instead of the data. */
  metadata?: TrainingSetMetadata;
  /**
   * Where pretrained text encoders are found: the models root at training (OVERTURE_MODELS_DIR,
   * --models-dir), a bundle's pretrained/ folder at prediction. Needed only with such encoders.
   */
  modelsDir?: string | null;
}

interface MediaFeatureView {
  name: string;
  type: string;
  column?: string | undefined;
  encoder?: unknown;
  preprocessing: unknown;
}

/**
 * Decodes the image and audio inputs of a table before the (synchronous) preprocessing runs
 * (sharp decodes off the event loop; files are read asynchronously): at the size, channels and
 * sampling rate of the stored metadata at prediction, else inferred from the data (training).
 * Tables without such inputs cost nothing. Columns missing from the table are left to
 * preprocessing's own column check.
 */
export async function decodeMediaInputs(
  table: RawTable,
  config: { input_features: readonly MediaFeatureView[] },
  options: DecodeMediaOptions,
): Promise<DecodedMedia> {
  const decoded: DecodedMedia = Object.create(null) as DecodedMedia;
  for (const feature of config.input_features) {
    const pretrained = usesPretrainedEncoder(feature);
    if (feature.type !== 'image' && feature.type !== 'audio' && !pretrained) continue;
    const column = columnOf(feature);
    const cells = Object.hasOwn(table.data, column) ? table.data[column] : null;
    if (cells === null) continue;
    const stored = options.metadata && Object.hasOwn(options.metadata, feature.name) ? options.metadata[feature.name] : undefined;
    if (pretrained) {
      decoded[feature.name] = await embedTextColumn(cells, feature, stored?.type === 'text' ? stored : undefined, options.modelsDir ?? null);
      continue;
    }
    if (feature.type === 'audio') {
      const p = (stored?.type === 'audio' ? stored.preprocessing : feature.preprocessing) as AudioPreprocessing;
      const shape = stored?.type === 'audio'
        ? { samplingRate: stored.sampling_rate_in_hz, maxLength: stored.max_length, featureDim: stored.feature_dim }
        : await inferAudioShape(cells, p, options, feature.name, column);
      decoded[feature.name] = await decodeAudioColumn(cells, p, shape, options);
      continue;
    }
    const p = (stored?.type === 'image' ? stored.preprocessing : feature.preprocessing) as ImagePreprocessing;
    const shape = stored?.type === 'image'
      ? { height: stored.height, width: stored.width, channels: stored.num_channels }
      : await inferImageShape(cells, p, options, column);
    decoded[feature.name] = await decodeImageColumn(cells, { ...shape, resizeMethod: p.resize_method }, options);
  }
  return decoded;
}

/** Whether a config has image or audio inputs (so a caller knows it must decode and give a root). */
export function hasMediaInputs(config: { input_features: readonly { type: string }[] }): boolean {
  return config.input_features.some((f) => f.type === 'image' || f.type === 'audio');
}
