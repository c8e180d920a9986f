import {
  csvField, ludwigColumns, predictionJsonWriter, predictionObject, writeLudwigRow,
  type OutputPrediction, type PredictionRecord, type RowIssue,
} from '@overture/trainer/preprocessing/browser';
import { EXPLANATION_METHOD, type RowExplanation } from './explain.js';
import type { PredictionResult } from './predict-rows.js';

/** DESIGN.md "Contracts: Predictions": one object per row (null for a bad row), errors beside. */
export interface PredictResponse {
  predictions: (Record<string, OutputPrediction> | PredictionRecord | null)[];
  errors?: RowIssue[];
  explanations?: (RowExplanation | null)[];
  explanation_method?: typeof EXPLANATION_METHOD;
}

export type ResponseFormat = 'overture' | 'ludwig';

/**
 * The JSON body for a prediction result: nested objects per output (`overture`), or Ludwig's flat
 * `<output>_predictions` records (`ludwig`). Every number in it is finite: rows whose outputs are
 * not were turned into row errors by ServingModel.
 */
export function predictionResponse(result: PredictionResult, format: ResponseFormat = 'overture'): PredictResponse {
  const bad = new Set(result.rowErrors.map((e) => e.row - 1));
  const outputs = Object.values(result.outputs);
  const predictions = Array.from({ length: result.rowCount }, (_, i) => {
    if (bad.has(i)) return null;
    if (format === 'ludwig') {
      const record: PredictionRecord = {};
      for (const output of outputs) writeLudwigRow(output, result.metadata, i, record);
      return record;
    }
    const row: Record<string, OutputPrediction> = {};
    for (const output of outputs) {
      const object = predictionObject(output, result.metadata, i);
      if (object !== null) row[output.feature.name] = object;
    }
    return row;
  });
  const body: PredictResponse = { predictions };
  if (result.rowErrors.length > 0) body.errors = result.rowErrors;
  if (result.explanations) {
    body.explanations = result.explanations;
    body.explanation_method = EXPLANATION_METHOD;
  }
  return body;
}

/**
 * JSON.stringify(predictionResponse(result, format)), written directly for the default format:
 * a 1,000-row answer is mostly numbers, and building objects then formatting doubles took most
 * of the time serving spent on it. A test holds the two texts equal.
 */
export function predictionResponseJson(result: PredictionResult, format: ResponseFormat = 'overture'): string {
  if (format === 'ludwig' || result.explanations) return JSON.stringify(predictionResponse(result, format));
  const bad = new Set(result.rowErrors.map((e) => e.row - 1));
  const writers: [string, (row: number) => string][] = [];
  for (const output of Object.values(result.outputs)) {
    const write = predictionJsonWriter(output, result.metadata);
    if (write) writers.push([JSON.stringify(output.feature.name), write]);
  }
  const rows = new Array<string>(result.rowCount);
  for (let i = 0; i < result.rowCount; i++) {
    rows[i] = bad.has(i) ? 'null' : `{${writers.map(([name, write]) => `${name}:${write(i)}`).join(',')}}`;
  }
  const errors = result.rowErrors.length > 0 ? `,"errors":${JSON.stringify(result.rowErrors)}` : '';
  return `{"predictions":[${rows.join(',')}]${errors}}`;
}

type Cell = string | number | boolean | string[] | number[] | null | undefined;

/** One CSV field (RFC 4180): lists JSON-encoded, quoted when needed, missing as empty. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  return csvField(Array.isArray(value) ? JSON.stringify(value) : String(value));
}

export function formatCsv(columns: string[], records: Record<string, Cell>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of records) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return lines.join('\n') + '\n';
}

/** CSV body: Ludwig's prediction columns, then `error` (empty for answered rows). */
export function predictionCsv(result: PredictionResult): string {
  const columns = [...Object.values(result.outputs).flatMap((o) => ludwigColumns(o.feature, result.metadata)), 'error'];
  const { predictions } = predictionResponse(result, 'ludwig');
  const errors = new Map(result.rowErrors.map((e) => [e.row - 1, e.message]));
  const records = predictions.map((p, i) => ({ ...(p as PredictionRecord | null), error: errors.get(i) ?? null }));
  return formatCsv(columns, records);
}
