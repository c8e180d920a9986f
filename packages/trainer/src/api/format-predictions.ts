import type { OutputFeatureConfig } from '@overture/config';
import {
  decodeBinary, decodeCategory, decodeSet, denormalizeNumber, type TrainingSetMetadata,
} from '../preprocessing/index.js';
import type { OutputValues } from '../evaluation/predict.js';

export type PredictionRecord = Record<string, string | number | boolean | string[] | number[] | null>;

/**
 * Ludwig's prediction columns per output: `<f>_predictions` in the original label space, and
 * for binary/category `<f>_probabilities_<label>` per class plus `<f>_probability`.
 */
export function formatPredictions(outputs: Record<string, OutputValues>, metadata: TrainingSetMetadata, rowCount: number): { columns: string[]; records: PredictionRecord[] } {
  const records: PredictionRecord[] = Array.from({ length: rowCount }, () => ({}));
  const columns: string[] = [];
  for (const { feature, values, width } of Object.values(outputs)) {
    writeOutput(feature, metadata, values, width, records, columns);
  }
  return { columns, records };
}

function writeOutput(feature: OutputFeatureConfig, metadata: TrainingSetMetadata, values: Float32Array, width: number, records: PredictionRecord[], columns: string[]): void {
  const f = feature.name;
  const meta = metadata[f];
  switch (feature.type) {
    case 'binary': {
      if (meta.type !== 'binary') break;
      const [falseLabel, trueLabel] = meta.bool2str;
      columns.push(`${f}_predictions`, `${f}_probabilities_${falseLabel}`, `${f}_probabilities_${trueLabel}`, `${f}_probability`);
      records.forEach((r, i) => {
        const p = values[i];
        r[`${f}_predictions`] = decodeBinary(meta, p, feature.threshold);
        r[`${f}_probabilities_${falseLabel}`] = 1 - p;
        r[`${f}_probabilities_${trueLabel}`] = p;
        r[`${f}_probability`] = p >= feature.threshold ? p : 1 - p;
      });
      break;
    }
    case 'category': {
      if (meta.type !== 'category') break;
      columns.push(`${f}_predictions`, ...meta.idx2str.map((l) => `${f}_probabilities_${l}`), `${f}_probability`);
      records.forEach((r, i) => {
        let best = 0;
        for (let k = 1; k < width; k++) if (values[i * width + k] > values[i * width + best]) best = k;
        r[`${f}_predictions`] = decodeCategory(meta, best);
        meta.idx2str.forEach((label, k) => { r[`${f}_probabilities_${label}`] = values[i * width + k]; });
        r[`${f}_probability`] = values[i * width + best];
      });
      break;
    }
    case 'set': {
      if (meta.type !== 'set') break;
      columns.push(`${f}_predictions`, ...meta.idx2str.map((l) => `${f}_probabilities_${l}`));
      records.forEach((r, i) => {
        const row = values.subarray(i * width, (i + 1) * width);
        r[`${f}_predictions`] = decodeSet(meta, row, feature.threshold);
        meta.idx2str.forEach((label, k) => { r[`${f}_probabilities_${label}`] = row[k]; });
      });
      break;
    }
    case 'number': {
      if (meta.type !== 'number') break;
      columns.push(`${f}_predictions`);
      records.forEach((r, i) => { r[`${f}_predictions`] = denormalizeNumber(meta, meta.preprocessing, values[i]); });
      break;
    }
    case 'vector': {
      columns.push(`${f}_predictions`);
      records.forEach((r, i) => { r[`${f}_predictions`] = Array.from(values.subarray(i * width, (i + 1) * width)); });
      break;
    }
  }
}
