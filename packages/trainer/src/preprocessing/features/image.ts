import { OvertureError } from '@overture/config';
import { IMAGE_DECODED, IMAGE_MISSING, IMAGE_REFUSED, IMAGE_UNREADABLE, refusedPath, type DecodedImageColumn } from '../image/decoded-image-column.js';
import { planFill } from '../missing-values.js';
import { SPLIT_TRAIN, type ImageMetadata } from '../types.js';
import { warnDropRowFills, type FeatureContext, type FeaturePreprocessor, type ParsedColumn } from './feature-preprocessor.js';
import { mediaRows } from '../media/media-rows.js';

export interface ParsedImages extends ParsedColumn {
  decoded: DecodedImageColumn;
  /** Table row of each position. */
  rows: Int32Array;
  /** Up to 5 unreadable rows with the reason, for the report (training). */
  examples: { row: number; message: string }[];
}

/**
 * The decoded column; a column of missing cells needs no decoding (serving's occlusion baseline is
 * one), so it is made here at the stored size.
 */
function decodedColumn(cells: readonly (string | null)[], ctx: FeatureContext<'image'>, metadata: ImageMetadata | undefined): DecodedImageColumn {
  if (!ctx.images && metadata && ctx.tableRows.every((row) => cells[row] === null)) {
    const n = cells.length;
    return {
      height: metadata.height, width: metadata.width, channels: metadata.num_channels,
      pixels: new Uint8Array(n * metadata.height * metadata.width * metadata.num_channels), status: new Uint8Array(n).fill(IMAGE_MISSING), problems: new Map(),
    };
  }
  if (!ctx.images) {
    throw new OvertureError('internal', `Image feature '${ctx.name}' was not decoded before preprocessing (decodeMediaInputs runs first).`);
  }
  return ctx.images;
}

/**
 * Image: the decoded 8-bit pixels (height × width × channels, row-major HWC), kept as uint8 per
 * row (the model's input is uint8 too); the model scales them (÷ 255, and ImageNet's standardization when asked). In training an
 * unreadable image (missing file, corrupt or truncated data, not an image) is a missing value,
 * counted and reported with examples, and a path outside the dataset's folder stops preprocessing;
 * at prediction either is a row error.
 */
export const imagePreprocessor = {
  type: 'image',

  parse(cells, ctx, metadata) {
    const decoded = decodedColumn(cells, ctx, metadata);
    if (metadata && (decoded.height !== metadata.height || decoded.width !== metadata.width || decoded.channels !== metadata.num_channels)) {
      throw new OvertureError('internal', `Image feature '${ctx.name}' was decoded at ${decoded.height}×${decoded.width}×${decoded.channels}, not the model's ${metadata.height}×${metadata.width}×${metadata.num_channels}.`);
    }
    return { decoded, ...mediaRows(decoded, ctx, { decoded: IMAGE_DECODED, unreadable: IMAGE_UNREADABLE, refused: IMAGE_REFUSED }, refusedPath) };
  },

  buildMetadata(parsed, ctx, selection) {
    const p = ctx.preprocessing;
    const { decoded } = parsed;
    if (p.standardize_image === 'imagenet1k' && decoded.channels !== 3) {
      throw new OvertureError('invalid_config', `Image feature '${ctx.name}': standardize_image imagenet1k needs RGB images (3 channels); these have ${decoded.channels}.`, [
        { path: `${ctx.name}.preprocessing.standardize_image`, message: 'needs 3 channels' },
      ]);
    }
    const c = decoded.channels;
    const size = decoded.height * decoded.width * c;
    let fill = new Array<number>(c).fill(p.fill_value ?? 0);
    if (p.missing_value_strategy !== 'fill_with_const') {
      // The training rows' mean colour: the fill of fill_with_mean/mode and of bfill/ffill's edges.
      const sums = new Float64Array(c);
      let count = 0;
      for (let k = 0; k < selection.kept.length; k++) {
        const pos = selection.kept[k];
        if (selection.split[k] !== SPLIT_TRAIN || parsed.missing[pos]) continue;
        const base = parsed.rows[pos] * size;
        for (let i = 0; i < size; i++) sums[i % c] += decoded.pixels[base + i];
        count++;
      }
      if (count > 0) fill = Array.from(sums, (s) => Math.round((s / count) * (c / size) * 1000) / 1000);
    }
    return {
      type: 'image', role: ctx.role, column: ctx.column, preprocessing: p,
      height: decoded.height, width: decoded.width, num_channels: c, fill_pixel: fill,
    };
  },

  encode(parsed, ctx, metadata, kept) {
    const { decoded, rows, missing } = parsed;
    const size = metadata.height * metadata.width * metadata.num_channels;
    const plan = planFill(missing, 1, kept, metadata.preprocessing.missing_value_strategy);
    warnDropRowFills(ctx, missing, kept);
    const out = new Uint8Array(kept.length * size);
    const pixels = decoded.pixels;
    const c = metadata.num_channels;
    for (let k = 0; k < kept.length; k++) {
      const pos = kept[k];
      const source = !missing[pos] ? pos : plan.source[k];
      const dst = k * size;
      if (source >= 0) {
        const base = rows[source] * size;
        out.set(pixels.subarray(base, base + size), dst);
      } else {
        for (let i = 0; i < size; i++) out[dst + i] = Math.round(metadata.fill_pixel[i % c]);
      }
    }
    return { column: { dtype: 'uint8', values: out, width: size }, filled: plan.filled, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'image', ParsedImages>;
