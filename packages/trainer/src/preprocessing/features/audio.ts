import { OvertureError } from '@overture/config';
import { AUDIO_DECODED, AUDIO_MISSING, AUDIO_REFUSED, AUDIO_UNREADABLE, refusedAudioPath, type DecodedAudioColumn } from '../audio/decoded-audio-column.js';
import { planFill } from '../missing-values.js';
import { SPLIT_TRAIN, type AudioMetadata } from '../types.js';
import { warnDropRowFills, type FeatureContext, type FeaturePreprocessor, type ParsedColumn } from './feature-preprocessor.js';
import { mediaRows } from '../media/media-rows.js';

export interface ParsedAudio extends ParsedColumn {
  decoded: DecodedAudioColumn;
  /** Table row of each position. */
  rows: Int32Array;
  /** Up to 5 unreadable rows with the reason, for the report (training). */
  examples: { row: number; message: string }[];
}

/** The decoded column; a column of missing cells needs no decoding (a baseline row), so it is made here at the stored shape. */
function decodedColumn(cells: readonly (string | null)[], ctx: FeatureContext<'audio'>, metadata: AudioMetadata | undefined): DecodedAudioColumn {
  if (!ctx.audio && metadata && ctx.tableRows.every((row) => cells[row] === null)) {
    const n = cells.length;
    return {
      shape: { samplingRate: metadata.sampling_rate_in_hz, maxLength: metadata.max_length, featureDim: metadata.feature_dim },
      values: new Float32Array(n * metadata.max_length * metadata.feature_dim), status: new Uint8Array(n).fill(AUDIO_MISSING), problems: new Map(), cropped: 0,
    };
  }
  if (!ctx.audio) throw new OvertureError('internal', `Audio feature '${ctx.name}' was not decoded before preprocessing (decodeMediaInputs runs first).`);
  return ctx.audio;
}

/**
 * Audio: Ludwig's frames × features of each recording (audio-features.ts), flattened time-major
 * to max_length · feature_dim float32 values per row. In training an unreadable recording
 * (missing file, not a WAV, truncated, another sampling rate) is a missing value, counted and
 * reported with examples, and a path outside the dataset's folder stops preprocessing; at
 * prediction either is a row error. A missing recording is filled by missing_value_strategy
 * (bfill by default, as Ludwig); with no row to copy, every frame becomes the training rows'
 * mean frame (fill_with_const: fill_value, else padding_value).
 */
export const audioPreprocessor = {
  type: 'audio',

  parse(cells, ctx, metadata) {
    const decoded = decodedColumn(cells, ctx, metadata);
    if (metadata && (decoded.shape.maxLength !== metadata.max_length || decoded.shape.featureDim !== metadata.feature_dim)) {
      throw new OvertureError('internal', `Audio feature '${ctx.name}' was decoded to ${decoded.shape.maxLength}×${decoded.shape.featureDim}, not the model's ${metadata.max_length}×${metadata.feature_dim}.`);
    }
    return { decoded, ...mediaRows(decoded, ctx, { decoded: AUDIO_DECODED, unreadable: AUDIO_UNREADABLE, refused: AUDIO_REFUSED }, refusedAudioPath) };
  },

  buildMetadata(parsed, ctx, selection) {
    const p = ctx.preprocessing;
    const { shape, values } = parsed.decoded;
    const dim = shape.featureDim;
    const size = shape.maxLength * dim;
    let fill = new Array<number>(dim).fill(p.fill_value ?? p.padding_value);
    if (p.missing_value_strategy !== 'fill_with_const') {
      const sums = new Float64Array(dim);
      let count = 0;
      for (let k = 0; k < selection.kept.length; k++) {
        const pos = selection.kept[k];
        if (selection.split[k] !== SPLIT_TRAIN || parsed.missing[pos]) continue;
        const base = parsed.rows[pos] * size;
        for (let i = 0; i < size; i++) sums[i % dim] += values[base + i];
        count++;
      }
      if (count > 0) fill = Array.from(sums, (s) => Math.fround(s / (count * shape.maxLength)));
    }
    return {
      type: 'audio', role: ctx.role, column: ctx.column, preprocessing: p,
      feature_dim: dim, sampling_rate_in_hz: shape.samplingRate, max_length: shape.maxLength, reshape: [shape.maxLength, dim], fill_frame: fill,
    };
  },

  encode(parsed, ctx, metadata, kept) {
    const { decoded, rows, missing } = parsed;
    const dim = metadata.feature_dim;
    const size = metadata.max_length * dim;
    const plan = planFill(missing, 1, kept, metadata.preprocessing.missing_value_strategy);
    warnDropRowFills(ctx, missing, kept);
    const out = new Float32Array(kept.length * size);
    for (let k = 0; k < kept.length; k++) {
      const pos = kept[k];
      const source = !missing[pos] ? pos : plan.source[k];
      const dst = k * size;
      if (source >= 0) {
        const base = rows[source] * size;
        out.set(decoded.values.subarray(base, base + size), dst);
      } else {
        for (let i = 0; i < size; i++) out[dst + i] = metadata.fill_frame[i % dim];
      }
    }
    return { column: { dtype: 'float32', values: out, width: size }, filled: plan.filled, outliers: 0 };
  },
} satisfies FeaturePreprocessor<'audio', ParsedAudio>;
