import * as tf from '@tensorflow/tfjs-core';
import type { EncodedColumn, ProcessedDataset } from '../preprocessing/index.js';
import type { Batch } from '../model/ecd.js';
import { dictionary } from '../util/dictionary.js';
import type { BatchAugmentation } from '../augmentation/image/index.js';

/** Features assembled into one [rows, features] tensor under one key (see EcdModel.stackedInputs). */
export interface StackedColumns {
  key: string;
  features: string[];
}

/**
 * Copies the given rows of each named column into [rows, width] tensors; the features of a
 * stack (width-1 float columns) become the columns of a single tensor, copied as whole rows from
 * `stackedRows` (rowMajorStack) when given. `augmentation` (training batches only) changes the
 * gathered pixels of the image columns it has a pipeline for, before they become float32.
 */
export function makeBatch(
  dataset: ProcessedDataset, names: string[], rows: Int32Array | number[], stack: StackedColumns | null = null, stackedRows: Float32Array | null = null,
  augmentation: BatchAugmentation | null = null,
): Batch {
  const batch: Batch = dictionary();
  const stacked = new Set(stack?.features ?? []);
  for (const name of names) {
    const column = dataset.features[name];
    if (!column || stacked.has(name)) continue;
    const pipeline = augmentation?.pipelines[name];
    batch[name] = pipeline && column.dtype === 'uint8' ? gatherAugmented(column, rows, (pixels) => pipeline.apply(pixels, rows.length, augmentation.rng)) : gatherRows(column, rows);
  }
  if (stack && stack.features.length > 0) {
    batch[stack.key] = stackedRows ? copyWholeRows(stackedRows, stack.features.length, rows) : gatherStacked(dataset, stack.features, rows);
  }
  return batch;
}

/**
 * Every row's stacked features as one row-major [rowCount, features] matrix. Gathering a shuffled
 * batch column by column reads each column at random rows (64 columns × 256 rows of a 20,000-row
 * table took ~850 µs per batch); from this copy a batch is 256 contiguous runs (~100 µs). The
 * training loop builds it once, at the cost of a second copy of those columns.
 */
export function rowMajorStack(dataset: ProcessedDataset, stack: StackedColumns | null): Float32Array | null {
  if (!stack || stack.features.length === 0) return null;
  const k = stack.features.length;
  const n = dataset.rowCount;
  const out = new Float32Array(n * k);
  stack.features.forEach((name, j) => {
    const src = dataset.features[name].values;
    for (let r = 0; r < n; r++) out[r * k + j] = src[r];
  });
  return out;
}

function copyWholeRows(matrix: Float32Array, k: number, rows: Int32Array | number[]): tf.Tensor2D {
  const n = rows.length;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const from = rows[i] * k;
    out.set(matrix.subarray(from, from + k), i * k);
  }
  return tf.tensor2d(out, [n, k], 'float32');
}

function gatherStacked(dataset: ProcessedDataset, features: string[], rows: Int32Array | number[]): tf.Tensor2D {
  const k = features.length;
  const n = rows.length;
  const out = new Float32Array(n * k);
  features.forEach((name, j) => {
    const src = dataset.features[name].values;
    for (let i = 0; i < n; i++) out[i * k + j] = src[rows[i]];
  });
  return tf.tensor2d(out, [n, k], 'float32');
}

function gatherRows(column: EncodedColumn, rows: Int32Array | number[]): tf.Tensor2D {
  const { width } = column;
  const n = rows.length;
  // tfjs has no uint8 tensors: image pixels travel as float32, one batch at a time.
  const dtype = column.dtype === 'uint8' ? 'float32' : column.dtype;
  const out = dtype === 'float32' ? new Float32Array(n * width) : new Int32Array(n * width);
  const src = column.values;
  if (width === 1) {
    for (let i = 0; i < n; i++) out[i] = src[rows[i]];
  } else {
    for (let i = 0; i < n; i++) out.set(src.subarray(rows[i] * width, rows[i] * width + width), i * width);
  }
  return tf.tensor2d(out, [n, width], dtype);
}

/** The rows' pixels gathered as uint8 (the augmentation's form), changed by `augment`, then as float32. */
function gatherAugmented(column: EncodedColumn, rows: Int32Array | number[], augment: (pixels: Uint8Array) => void): tf.Tensor2D {
  const { width } = column;
  const n = rows.length;
  const pixels = new Uint8Array(n * width);
  const src = column.values as Uint8Array;
  for (let i = 0; i < n; i++) pixels.set(src.subarray(rows[i] * width, rows[i] * width + width), i * width);
  augment(pixels);
  return tf.tensor2d(Float32Array.from(pixels), [n, width], 'float32');
}

/** Row indices of one split (0 train, 1 validation, 2 test). */
export function splitRows(dataset: ProcessedDataset, split: number): Int32Array {
  let count = 0;
  for (let i = 0; i < dataset.rowCount; i++) if (dataset.split[i] === split) count++;
  const out = new Int32Array(count);
  let j = 0;
  for (let i = 0; i < dataset.rowCount; i++) if (dataset.split[i] === split) out[j++] = i;
  return out;
}

export function disposeBatch(batch: Batch): void {
  for (const t of Object.values(batch)) t.dispose();
}
