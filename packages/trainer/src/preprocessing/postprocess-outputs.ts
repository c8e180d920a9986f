import type { OutputFeatureConfig } from '@overture/config';
import { decodeBinary, decodeCategory, decodeSet, denormalizeNumber } from './postprocess.js';
import { isTokenSequenceMetadata, type TrainingSetMetadata } from './types.js';
import { decodeSequence, stepArgmax } from './postprocess-sequence.js';
import { dictionary } from '../util/dictionary.js';
import { isAnomaly } from './features/anomaly.js';

/**
 * Model outputs → what users read, in both shapes the product has: Ludwig's flat prediction
 * columns (`overture predict` files, `?format=ludwig`) and the nested REST objects of DESIGN.md
 * "Contracts: Predictions". Pure TS: the trainer (tfjs) and serving (onnxruntime) share it.
 */

/** Activated outputs of one output feature over many rows, row-major [rows, width]. */
export interface ActivatedOutput {
  feature: OutputFeatureConfig;
  values: Float32Array;
  width: number;
}

export type PredictionRecord = Record<string, string | number | boolean | string[] | number[] | null>;

export type OutputPrediction =
  | { prediction: string; probability: number; probabilities: Record<string, number>; top_k?: { label: string; probability: number }[] }
  | { prediction: number }
  | { prediction: string[]; probabilities: Record<string, number> }
  | { prediction: number[] }
  /** An anomaly output: is-anomaly at the trained threshold, and the score ||z - c||² (Ludwig's anomaly_score). */
  | { prediction: boolean; anomaly_score: number }
  | SequenceOutputPrediction;

/**
 * A text or sequence (tagger) output: the text between the symbols, every step's token (symbols
 * included, up to max_sequence_length), each token's probability and the sequence's log probability.
 */
export interface SequenceOutputPrediction {
  prediction: string;
  tokens: string[];
  token_probabilities: number[];
  log_probability: number;
}

/** One row of a tagger output, decoded (null when the metadata is not a token sequence's). */
function sequencePrediction(output: ActivatedOutput, metadata: TrainingSetMetadata, row: number): SequenceOutputPrediction | null {
  const meta = metadata[output.feature.name];
  if (!meta || !isTokenSequenceMetadata(meta)) return null;
  const vocabSize = meta.idx2str.length;
  const steps = Math.min(output.width / vocabSize, meta.max_sequence_length);
  const { ids, probabilities } = stepArgmax(output.values, row * output.width, steps, vocabSize);
  const decoded = decodeSequence(meta, ids, probabilities);
  return {
    prediction: decoded.text,
    tokens: decoded.tokens,
    token_probabilities: decoded.probabilities.map(roundProbability),
    log_probability: roundValue(decoded.logProbability),
  };
}

/** Sets `key` (a label from the data, so possibly `__proto__`) as an own property. */
function entry(into: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(into, key, { value, enumerable: true, writable: true, configurable: true });
  else into[key] = value;
}

/**
 * Models compute in float32 (about 7 significant digits); printing the float64 expansion of a
 * float32 adds ten digits of noise and makes responses twice as large and slow to serialize.
 * Probabilities keep 6 decimals, other values 7 significant digits.
 */
export function roundProbability(p: number): number {
  return Math.round(p * 1e6) / 1e6;
}

export function roundValue(x: number): number {
  return Number.isFinite(x) && x !== 0 ? Number(x.toPrecision(7)) : x;
}

/** Indices of the k largest values of values[from … from+width), largest first (ties: lower index). */
function topIndices(values: Float32Array, from: number, width: number, k: number): number[] {
  const picked: number[] = [];
  for (let n = 0; n < Math.min(k, width); n++) {
    let best = -1;
    for (let j = 0; j < width; j++) {
      if (picked.includes(j)) continue;
      if (best < 0 || values[from + j] > values[from + best]) best = j;
    }
    picked.push(best);
  }
  return picked;
}

function argmax(values: Float32Array, from: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[from + k] > values[from + best]) best = k;
  return best;
}

/** True when every value of the row is finite (a NaN or ∞ output makes the row an error, never JSON). */
export function isOutputRowFinite(output: ActivatedOutput, row: number): boolean {
  const { values, width } = output;
  for (let k = row * width; k < (row + 1) * width; k++) if (!Number.isFinite(values[k])) return false;
  return true;
}

/** One row of one output as the REST contract's object. */
export function predictionObject(output: ActivatedOutput, metadata: TrainingSetMetadata, row: number): OutputPrediction | null {
  const { feature, values, width } = output;
  const meta = metadata[feature.name];
  const at = row * width;
  switch (feature.type) {
    case 'binary': {
      if (meta?.type !== 'binary') return null;
      const p = values[at];
      const probabilities: Record<string, number> = dictionary();
      entry(probabilities, meta.bool2str[0], roundProbability(1 - p));
      entry(probabilities, meta.bool2str[1], roundProbability(p));
      return { prediction: decodeBinary(meta, p, feature.threshold), probability: roundProbability(p >= feature.threshold ? p : 1 - p), probabilities };
    }
    // A category_distribution answers as a category (Ludwig's CategoryDistributionOutputFeature
    // inherits the category postprocessing): the most probable class, its probability, every class's.
    case 'category':
    case 'category_distribution': {
      if (meta?.type !== feature.type) return null;
      const best = argmax(values, at, width);
      const probabilities: Record<string, number> = dictionary();
      for (let k = 0; k < width; k++) entry(probabilities, meta.idx2str[k], roundProbability(values[at + k]));
      const top_k = topIndices(values, at, width, feature.top_k).map((k) => ({ label: meta.idx2str[k], probability: roundProbability(values[at + k]) }));
      return { prediction: decodeCategory(meta, best), probability: roundProbability(values[at + best]), probabilities, top_k };
    }
    case 'set': {
      if (meta?.type !== 'set') return null;
      const row_ = values.subarray(at, at + width);
      const probabilities: Record<string, number> = dictionary();
      for (let k = 0; k < width; k++) entry(probabilities, meta.idx2str[k], roundProbability(row_[k]));
      return { prediction: decodeSet(meta, row_, feature.threshold), probabilities };
    }
    case 'number':
      if (meta?.type !== 'number') return null;
      return { prediction: roundValue(denormalizeNumber(meta, meta.preprocessing, values[at])) };
    // A forecast is Ludwig's list of `horizon` values, as a vector.
    case 'vector':
    case 'timeseries':
      return { prediction: Array.from(values.subarray(at, at + width), roundValue) };
    case 'anomaly':
      if (meta?.type !== 'anomaly') return null;
      return { prediction: isAnomaly(meta, values[at]), anomaly_score: roundValue(values[at]) };
    case 'text':
    case 'sequence':
      return sequencePrediction(output, metadata, row);
  }
}

/**
 * Ludwig's prediction columns per output: `<f>_predictions` in the original label space, and
 * for binary/category `<f>_probabilities_<label>` per class plus `<f>_probability`.
 */
export function formatPredictions(outputs: Record<string, ActivatedOutput>, metadata: TrainingSetMetadata, rowCount: number): { columns: string[]; records: PredictionRecord[] } {
  const records: PredictionRecord[] = Array.from({ length: rowCount }, () => ({}));
  const columns: string[] = [];
  for (const output of Object.values(outputs)) {
    for (const column of ludwigColumns(output.feature, metadata)) columns.push(column); // a column per label: no push(...)
    records.forEach((r, i) => writeLudwigRow(output, metadata, i, r));
  }
  return { columns, records };
}

/** The Ludwig columns of one output, in order. */
export function ludwigColumns(feature: OutputFeatureConfig, metadata: TrainingSetMetadata): string[] {
  const f = feature.name;
  const meta = metadata[f];
  switch (feature.type) {
    case 'binary':
      return meta?.type === 'binary' ? [`${f}_predictions`, `${f}_probabilities_${meta.bool2str[0]}`, `${f}_probabilities_${meta.bool2str[1]}`, `${f}_probability`] : [];
    case 'category':
    case 'category_distribution':
      return meta?.type === feature.type ? [`${f}_predictions`, ...meta.idx2str.map((l) => `${f}_probabilities_${l}`), `${f}_probability`] : [];
    case 'set':
      return meta?.type === 'set' ? [`${f}_predictions`, ...meta.idx2str.map((l) => `${f}_probabilities_${l}`)] : [];
    case 'number':
      return meta?.type === 'number' ? [`${f}_predictions`] : [];
    case 'vector':
    case 'timeseries':
      return [`${f}_predictions`];
    // Ludwig's prediction set {predictions, anomaly_score}, each as <feature>_<key>.
    case 'anomaly':
      return meta?.type === 'anomaly' ? [`${f}_predictions`, `${f}_anomaly_score`] : [];
    // Ludwig's sequence columns: the token list, each token's probability, the log probability.
    case 'text':
    case 'sequence':
      return meta && isTokenSequenceMetadata(meta) ? [`${f}_predictions`, `${f}_probabilities`, `${f}_probability`] : [];
  }
}

/** Writes one row of one output into a flat Ludwig record. */
export function writeLudwigRow(output: ActivatedOutput, metadata: TrainingSetMetadata, row: number, record: PredictionRecord): void {
  const f = output.feature.name;
  const object = predictionObject(output, metadata, row);
  if (object === null) return;
  if ('tokens' in object) {
    record[`${f}_predictions`] = object.tokens;
    record[`${f}_probabilities`] = object.token_probabilities;
    record[`${f}_probability`] = object.log_probability;
    return;
  }
  record[`${f}_predictions`] = object.prediction;
  if ('probabilities' in object) {
    for (const [label, p] of Object.entries(object.probabilities)) record[`${f}_probabilities_${label}`] = p;
  }
  if ('probability' in object) record[`${f}_probability`] = object.probability;
  if ('anomaly_score' in object) record[`${f}_anomaly_score`] = object.anomaly_score;
}

const zeros = ['', '0', '00', '000', '0000', '00000'];

/**
 * JSON text of roundProbability(p), exactly as JSON.stringify writes it, from integer digits:
 * formatting doubles is the largest cost of a large response.
 */
export function probabilityJson(p: number): string {
  const n = Math.round(p * 1e6);
  if (n > 0 && n < 1e6) {
    const digits = String(n);
    const padded = zeros[6 - digits.length] + digits;
    let end = 6;
    while (padded.charCodeAt(end - 1) === 48) end--;
    return `0.${padded.slice(0, end)}`;
  }
  const rounded = roundProbability(p);
  return Number.isFinite(rounded) ? String(rounded) : 'null';
}

/**
 * A writer of one output's REST object as JSON text, for row after row: the same text as
 * JSON.stringify(predictionObject(output, metadata, row)) (a test holds them equal), without
 * building the objects. Null when predictionObject would give null.
 */
export function predictionJsonWriter(output: ActivatedOutput, metadata: TrainingSetMetadata): ((row: number) => string) | null {
  const { feature, values, width } = output;
  const meta = metadata[feature.name];
  const P = probabilityJson;
  switch (feature.type) {
    case 'binary': {
      if (meta?.type !== 'binary') return null;
      const [qFalse, qTrue] = meta.bool2str.map((l) => JSON.stringify(l));
      const probabilities = meta.bool2str[0] === meta.bool2str[1]
        ? (p: number) => `{${qTrue}:${P(p)}}`
        : (p: number) => `{${qFalse}:${P(1 - p)},${qTrue}:${P(p)}}`;
      return (row) => {
        const p = values[row];
        const positive = p >= feature.threshold;
        return `{"prediction":${positive ? qTrue : qFalse},"probability":${P(positive ? p : 1 - p)},"probabilities":${probabilities(p)}}`;
      };
    }
    case 'category':
    case 'category_distribution': {
      if (meta?.type !== feature.type) return null;
      const q = meta.idx2str.map((l) => JSON.stringify(l));
      return (row) => {
        const at = row * width;
        const best = argmax(values, at, width);
        let text = `{"prediction":${q[best]},"probability":${P(values[at + best])},"probabilities":{`;
        for (let k = 0; k < width; k++) text += `${k > 0 ? ',' : ''}${q[k]}:${P(values[at + k])}`;
        const top = topIndices(values, at, width, feature.top_k).map((k) => `{"label":${q[k]},"probability":${P(values[at + k])}}`);
        return `${text}},"top_k":[${top.join(',')}]}`;
      };
    }
    case 'set': {
      if (meta?.type !== 'set') return null;
      const q = meta.idx2str.map((l) => JSON.stringify(l));
      return (row) => {
        const probabilities = values.subarray(row * width, (row + 1) * width);
        let text = `{"prediction":${JSON.stringify(decodeSet(meta, probabilities, feature.threshold))},"probabilities":{`;
        for (let k = 0; k < width; k++) text += `${k > 0 ? ',' : ''}${q[k]}:${P(probabilities[k])}`;
        return `${text}}}`;
      };
    }
    case 'number':
    case 'vector':
    case 'timeseries':
    case 'anomaly':
    case 'text':
    case 'sequence':
      return (row) => JSON.stringify(predictionObject(output, metadata, row));
  }
}
