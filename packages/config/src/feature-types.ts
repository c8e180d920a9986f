import { z } from 'zod';

/** Every feature type the config language knows (Ludwig's names). */
export const featureTypes = [
  'binary', 'number', 'category', 'set', 'bag', 'date', 'vector',
  'text', 'sequence', 'image', 'audio', 'timeseries', 'h3', 'category_distribution', 'anomaly',
] as const;
export const ZFeatureType = z.enum(featureTypes);
export type FeatureType = z.infer<typeof ZFeatureType>;

/** Types the trainer can consume today, as inputs and as outputs (category_distribution is output-only, as in Ludwig). */
export const trainableInputTypes = ['binary', 'number', 'category', 'set', 'bag', 'date', 'vector', 'text', 'sequence', 'image', 'audio', 'timeseries'] as const satisfies readonly FeatureType[];
export const trainableOutputTypes = ['binary', 'number', 'category', 'set', 'vector', 'timeseries', 'category_distribution', 'anomaly', 'text', 'sequence'] as const satisfies readonly FeatureType[];
/** Types Ludwig has as outputs only. */
export const outputOnlyTypes = ['category_distribution', 'anomaly'] as const satisfies readonly FeatureType[];
export type InputFeatureType = (typeof trainableInputTypes)[number];
export type OutputFeatureType = (typeof trainableOutputTypes)[number];
