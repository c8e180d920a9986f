import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';
import type { OnnxGraph } from '../export/onnx-graph.js';
import { emitColumns } from '../export/ops.js';

/** Where one input feature's encoding sits among the combiner's inputs. */
export interface FeatureColumns {
  name: string;
  /** Index of the encoded tensor. */
  tensor: number;
  start: number;
  width: number;
  /** Whether the feature is the whole tensor (no slice needed). */
  whole: boolean;
}

/**
 * Each feature's columns: a tensor holding one feature is all of it; the stacked passthrough
 * tensor holds one feature per column. Without names (combiner unit tests) each tensor is one
 * feature called `input_<i>`.
 */
export function locateFeatures(inputSizes: number[], inputFeatures?: { name: string }[][]): FeatureColumns[] {
  const groups = inputFeatures?.map((features) => features.map((f) => f.name)) ?? inputSizes.map((_, i) => [`input_${i}`]);
  if (groups.length !== inputSizes.length) throw new OvertureError('internal', `the combiner got ${inputSizes.length} inputs but ${groups.length} feature groups`);
  return groups.flatMap((names, tensor): FeatureColumns[] => {
    if (names.length === 1) return [{ name: names[0], tensor, start: 0, width: inputSizes[tensor], whole: true }];
    if (names.length !== inputSizes[tensor]) throw new OvertureError('internal', `stacked input ${tensor} has ${inputSizes[tensor]} columns for ${names.length} features`);
    return names.map((name, start) => ({ name, tensor, start, width: 1, whole: false }));
  });
}

export function featureSlice(encoded: tf.Tensor2D[], f: FeatureColumns): tf.Tensor2D {
  const x = encoded[f.tensor];
  return f.whole ? x : tf.slice(x, [0, f.start], [x.shape[0], f.width]);
}

export function emitFeatureSlice(g: OnnxGraph, encoded: string[], f: FeatureColumns): string {
  return f.whole ? encoded[f.tensor] : emitColumns(g, encoded[f.tensor], f.start, f.start + f.width);
}

/** The features in config order (`inputOrder`), or as located when no order is given. */
export function inConfigOrder(features: FeatureColumns[], inputOrder?: string[]): FeatureColumns[] {
  if (!inputOrder) return features;
  const rank = new Map(inputOrder.map((name, i) => [name, i]));
  return [...features].sort((a, b) => (rank.get(a.name) ?? Infinity) - (rank.get(b.name) ?? Infinity));
}
