import type { NumberPreprocessing } from './config-view.js';
import { denormalizeNumberValue } from './features/number.js';
import type { BagMetadata, BinaryMetadata, CategoryMetadata, NumberMetadata, SetMetadata } from './types.js';

/** The label of a class index (from the model's argmax). */
export function decodeCategory(metadata: Pick<CategoryMetadata, 'idx2str'>, index: number): string {
  const label = metadata.idx2str[index];
  if (label === undefined) throw new RangeError(`Class index ${index} is outside the vocabulary (size ${metadata.idx2str.length}).`);
  return label;
}

/** The original label of a binary prediction: true when `probability` ≥ `threshold`. */
export function decodeBinary(metadata: Pick<BinaryMetadata, 'bool2str'>, probability: number, threshold = 0.5): string {
  return metadata.bool2str[probability >= threshold ? 1 : 0];
}

/** The elements whose probability reaches `threshold`, in vocabulary order (`<UNK>` is never predicted). */
export function decodeSet(metadata: Pick<SetMetadata | BagMetadata, 'idx2str'>, probabilities: ArrayLike<number>, threshold = 0.5): string[] {
  const labels: string[] = [];
  for (let i = 0; i < metadata.idx2str.length && i < probabilities.length; i++) {
    const label = metadata.idx2str[i];
    if (probabilities[i] >= threshold && label !== '<UNK>') labels.push(label);
  }
  return labels;
}

/** A number prediction back on the data's scale (identity without normalization). */
export function denormalizeNumber(
  metadata: Pick<NumberMetadata, 'mean' | 'std' | 'min' | 'max' | 'median' | 'q1' | 'q3'>,
  preprocessing: Pick<NumberPreprocessing, 'normalization'>,
  value: number,
): number {
  return denormalizeNumberValue(value, preprocessing.normalization, metadata);
}
