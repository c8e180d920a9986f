import type { ImagePreprocessing } from '@overture/config';
import type { RawTable } from '../../data/table.js';
import { columnOf } from '../config-view.js';
import type { TrainingSetMetadata } from '../types.js';
import { decodeImageColumn, inferImageShape, type DecodedImageColumn, type DecodeImageOptions } from './decode-column.js';

/** Decoded image columns, by feature name. */
export type DecodedImages = Record<string, DecodedImageColumn>;

interface ImageFeatureView {
  name: string;
  type: string;
  column?: string | undefined;
  preprocessing: unknown;
}

/**
 * Decodes the image inputs of a table before the (synchronous) preprocessing runs: at the size and
 * channels of the stored metadata at prediction, else inferred from the data (training). Tables
 * without image inputs cost nothing. Columns missing from the table are left to preprocessing's
 * own column check.
 */
export async function decodeImageInputs(
  table: RawTable,
  config: { input_features: readonly ImageFeatureView[] },
  options: DecodeImageOptions & { metadata?: TrainingSetMetadata },
): Promise<DecodedImages> {
  const decoded: DecodedImages = Object.create(null) as DecodedImages;
  for (const feature of config.input_features) {
    if (feature.type !== 'image') continue;
    const column = columnOf(feature);
    const cells = Object.hasOwn(table.data, column) ? table.data[column] : null;
    if (cells === null) continue;
    const stored = options.metadata && Object.hasOwn(options.metadata, feature.name) ? options.metadata[feature.name] : undefined;
    const p = (stored?.type === 'image' ? stored.preprocessing : feature.preprocessing) as ImagePreprocessing;
    const shape = stored?.type === 'image'
      ? { height: stored.height, width: stored.width, channels: stored.num_channels }
      : await inferImageShape(cells, p, options, column);
    decoded[feature.name] = await decodeImageColumn(cells, { ...shape, resizeMethod: p.resize_method }, options);
  }
  return decoded;
}

/** Whether a config has image inputs (so a caller knows it must decode and give a root). */
export function hasImageInputs(config: { input_features: readonly { type: string }[] }): boolean {
  return config.input_features.some((f) => f.type === 'image');
}
