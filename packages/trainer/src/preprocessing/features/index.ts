import type { PreprocessedType } from '../config-view.js';
import type { ParsedColumn, FeaturePreprocessor } from './feature-preprocessor.js';
import { bagPreprocessor } from './bag.js';
import { binaryPreprocessor } from './binary.js';
import { categoryPreprocessor } from './category.js';
import { categoryDistributionPreprocessor } from './category-distribution.js';
import { datePreprocessor } from './date.js';
import { numberPreprocessor } from './number.js';
import { setPreprocessor } from './set.js';
import { sequencePreprocessor, textPreprocessor } from './text.js';
import { imagePreprocessor } from './image.js';
import { audioPreprocessor } from './audio.js';
import { vectorPreprocessor } from './vector.js';
import { timeseriesPreprocessor } from './timeseries.js';
import { anomalyPreprocessor } from './anomaly.js';

export * from './feature-preprocessor.js';

// Each entry has its own parsed-column type; the registry only checks the feature type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyParsed = any;

/** One preprocessor per feature type; a missing or misspelt entry fails `tsc`. */
export const featurePreprocessors = {
  binary: binaryPreprocessor,
  number: numberPreprocessor,
  category: categoryPreprocessor,
  set: setPreprocessor,
  bag: bagPreprocessor,
  date: datePreprocessor,
  vector: vectorPreprocessor,
  text: textPreprocessor,
  sequence: sequencePreprocessor,
  image: imagePreprocessor,
  timeseries: timeseriesPreprocessor,
  audio: audioPreprocessor,
  category_distribution: categoryDistributionPreprocessor,
  anomaly: anomalyPreprocessor,
} satisfies { [K in PreprocessedType]: FeaturePreprocessor<K, AnyParsed> };

/** The type-erased view the pipeline drives (each entry is called only with its own type's context and metadata). */
export type AnyFeaturePreprocessor = FeaturePreprocessor<PreprocessedType, ParsedColumn>;

export function isPreprocessedType(type: string): type is PreprocessedType {
  return Object.hasOwn(featurePreprocessors, type);
}

export function preprocessorFor(type: PreprocessedType): AnyFeaturePreprocessor {
  return featurePreprocessors[type] as unknown as AnyFeaturePreprocessor;
}
