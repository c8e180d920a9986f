import type { InputFeatureConfig } from '@overture/config';
import { encodedArray, type EncodedColumn, type FeatureMetadata, type TrainingSetMetadata } from './types.js';
import { DATE_VECTOR_WIDTH } from './features/date.js';

/**
 * How preprocessed columns become the model's inputs: the one place that decides it, used by
 * the tfjs model to build batches and by serving to build ONNX feeds, so the two cannot differ.
 */

/** Input key of the stacked passthrough inputs. */
export const STACKED_INPUTS_KEY = '__passthrough__';

type InputView = Pick<InputFeatureConfig, 'name' | 'type' | 'tied'> & { encoder: { type: string } };

/**
 * Number and binary inputs with the passthrough encoder are one column each in the combiner's
 * concatenation. Tabular data has dozens of them, and on wasm a separate tensor per column
 * (plus a many-way concat) costs more than the model's matrix products, so they travel as one
 * [batch, k] tensor and enter the concatenation first.
 */
export function isStackedInput(feature: InputView): boolean {
  return (feature.type === 'number' || feature.type === 'binary') && feature.encoder.type === 'passthrough' && !feature.tied;
}

/** Width of a feature's encoded column, from its metadata. */
export function encodedWidth(meta: FeatureMetadata): number {
  switch (meta.type) {
    // An anomaly label (0, 1, -1).
    case 'binary': case 'number': case 'category': case 'anomaly': return 1;
    case 'set': case 'bag': return meta.vocab_size;
    // One probability per class.
    case 'category_distribution': return meta.vocab_size;
    case 'date': return DATE_VECTOR_WIDTH;
    case 'vector': return meta.vector_size;
    // The tf-idf vector over the vocabulary, or the padded token ids.
    case 'text': return meta.pretrained ? meta.pretrained.hidden_size : meta.str2idf !== null ? meta.vocab_size : meta.max_sequence_length;
    case 'sequence': return meta.max_sequence_length;
    // The pixels, height × width × channels (HWC order).
    case 'image': return meta.height * meta.width * meta.num_channels;
    case 'timeseries': return meta.max_timeseries_length;
    // The frames, max_length × feature_dim (time-major).
    case 'audio': return meta.max_length * meta.feature_dim;
  }
}

const encodedDtypes = {
  binary: 'float32', number: 'float32', category: 'int32', set: 'float32', bag: 'float32', date: 'int32', vector: 'float32', image: 'uint8',
  sequence: 'int32', timeseries: 'float32', audio: 'float32', category_distribution: 'float32', anomaly: 'float32',
} as const satisfies Record<Exclude<FeatureMetadata['type'], 'text'>, EncodedColumn['dtype']>;

function encodedDtype(meta: FeatureMetadata): EncodedColumn['dtype'] {
  if (meta.type === 'text') return meta.pretrained || meta.str2idf !== null ? 'float32' : 'int32';
  return encodedDtypes[meta.type];
}

/** One model input: a [batch, width] tensor holding the encoded columns of `features`, in order. */
export interface ModelInput {
  name: string;
  dtype: EncodedColumn['dtype'];
  width: number;
  features: string[];
}

/** The model's inputs: the stacked passthrough features first (when any), then one per other input feature. */
export function modelInputLayout(config: { input_features: readonly InputView[] }, metadata: TrainingSetMetadata): ModelInput[] {
  const stacked = config.input_features.filter(isStackedInput).map((f) => f.name);
  const layout: ModelInput[] = stacked.length > 0 ? [{ name: STACKED_INPUTS_KEY, dtype: 'float32', width: stacked.length, features: stacked }] : [];
  for (const feature of config.input_features) {
    if (isStackedInput(feature)) continue;
    const meta = metadata[feature.name];
    if (!meta) throw new Error(`no preprocessing metadata for input feature '${feature.name}'`);
    layout.push({ name: feature.name, dtype: encodedDtype(meta), width: encodedWidth(meta), features: [feature.name] });
  }
  return layout;
}

/** A model input's values for some rows, row-major `[rows, width]`. */
export type ModelInputValues = ModelInput & { values: Float32Array | Int32Array | Uint8Array };

/** Copies the given rows (all rows when omitted) of the dataset into the model's inputs. */
export function gatherModelInputs(dataset: { rowCount: number; features: Record<string, EncodedColumn> }, layout: readonly ModelInput[], rows?: ArrayLike<number>): ModelInputValues[] {
  const n = rows ? rows.length : dataset.rowCount;
  const at = rows ? (i: number) => rows[i] : (i: number) => i;
  return layout.map((input) => {
    const { width } = input;
    const values = encodedArray(input.dtype, n * width);
    let offset = 0;
    for (const name of input.features) {
      const column = dataset.features[name];
      if (!column) throw new Error(`the dataset has no column for input feature '${name}'`);
      const w = column.width;
      const src = column.values;
      for (let i = 0; i < n; i++) {
        const from = at(i) * w;
        for (let j = 0; j < w; j++) values[i * width + offset + j] = src[from + j];
      }
      offset += w;
    }
    return { ...input, values };
  });
}
