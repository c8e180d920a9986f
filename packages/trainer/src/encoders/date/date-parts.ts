import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../../export/onnx-graph.js';
import { emitCastFloat, emitColumns, emitConcat } from '../../export/ops.js';
import type { FeatureMetadata } from '../../preprocessing/index.js';

/**
 * Layout of the preprocessed date vector (Ludwig's): [year, month 1–12, day 1–31,
 * weekday 0–6, day of year 1–366, hour, minute, second, second of day].
 */
export const DATE_PARTS = [
  { name: 'month', column: 1, offset: 1, cardinality: 12, period: 12 },
  { name: 'day', column: 2, offset: 1, cardinality: 31, period: 31 },
  { name: 'weekday', column: 3, offset: 0, cardinality: 7, period: 7 },
  { name: 'yearday', column: 4, offset: 1, cardinality: 366, period: 366 },
  { name: 'hour', column: 5, offset: 0, cardinality: 24, period: 24 },
  { name: 'minute', column: 6, offset: 0, cardinality: 60, period: 60 },
  { name: 'second', column: 7, offset: 0, cardinality: 60, period: 60 },
] as const;

export const DATE_WIDTH = 9;

/** How the year enters the date encoders: (year − center) / scale. */
export interface YearScale {
  center: number;
  scale: number;
}

/**
 * Years standardized with the training rows' statistics, at least one year per unit: a fixed
 * scale (a century) leaves the years of a typical dataset within 0.1 of each other, too close
 * for the encoder to tell apart. Metadata without statistics keeps that century scale.
 */
export function yearScaleOf(metadata: FeatureMetadata): YearScale {
  if (metadata.type !== 'date' || metadata.year_mean === undefined || metadata.year_std === undefined) return { center: 2000, scale: 100 };
  return { center: metadata.year_mean, scale: Math.max(1, metadata.year_std) };
}

/** Standardized year and second of day in days: both roughly in [-2, 2]. */
export function yearAndSecondOfDay(parts: tf.Tensor2D, year: YearScale): tf.Tensor2D {
  const f = tf.cast(parts, 'float32');
  const standardized = tf.div(tf.sub(tf.slice(f, [0, 0], [-1, 1]), year.center), year.scale);
  const secondOfDay = tf.div(tf.slice(f, [0, 8], [-1, 1]), 86400);
  return tf.concat([standardized, secondOfDay], 1) as tf.Tensor2D;
}

/** yearAndSecondOfDay as ONNX nodes over the int32 date parts. */
export function exportYearAndSecondOfDay(g: OnnxGraph, parts: string, yearScale: YearScale): string {
  const f = emitCastFloat(g, parts);
  const year = g.op('Div', [g.op('Sub', [emitColumns(g, f, 0, 1), g.scalar(yearScale.center)]), g.scalar(yearScale.scale)]);
  const secondOfDay = g.op('Div', [emitColumns(g, f, 8, 9), g.scalar(86400)]);
  return emitConcat(g, [year, secondOfDay]);
}
