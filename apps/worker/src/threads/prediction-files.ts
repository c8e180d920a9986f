import { parquetWriteBuffer } from 'hyparquet-writer';
import type { PredictionRecord } from '@overture/trainer';
import { csvField } from '@overture/trainer/data';

// A batch prediction's result in the three formats users ask for: JSON lines for programs, CSV for
// spreadsheets, Parquet for dataframes. All carry Ludwig's column names (`<output>_predictions`,
// `<output>_probabilities_<label>`, `<output>_probability`), in the order Ludwig writes them.

export const predictionFormats = ['jsonl', 'csv', 'parquet'] as const;
export type PredictionFormat = (typeof predictionFormats)[number];

type Cell = PredictionRecord[string];

/** A list cell (a set or sequence output) as JSON text in formats without lists. */
const scalar = (value: Cell | undefined): string | number | boolean | null => (value === undefined || value === null ? null : Array.isArray(value) ? JSON.stringify(value) : value);

function jsonLines(_columns: string[], records: PredictionRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}

/** RFC 4180, header first; a missing value is an empty field. */
function csv(columns: string[], records: PredictionRecord[]): string {
  const line = (cells: (string | number | boolean | null)[]) => cells.map((c) => csvField(c === null ? null : String(c))).join(',');
  return [line(columns), ...records.map((r) => line(columns.map((c) => scalar(r[c]))))].join('\n') + '\n';
}

/** One typed column per prediction column: DOUBLE for numbers, BOOLEAN, STRING (lists as JSON text). */
function parquet(columns: string[], records: PredictionRecord[]): Uint8Array {
  const columnData = columns.map((name) => {
    const sample = records.find((r) => r[name] !== null && r[name] !== undefined)?.[name];
    const type = typeof sample === 'number' ? 'DOUBLE' as const : typeof sample === 'boolean' ? 'BOOLEAN' as const : 'STRING' as const;
    return { name, type, data: records.map((r) => scalar(r[name])) };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData }));
}

export const predictionWriters = { jsonl: jsonLines, csv, parquet } satisfies Record<PredictionFormat, (columns: string[], records: PredictionRecord[]) => string | Uint8Array>;

export const predictionContentTypes = { jsonl: 'application/x-ndjson', csv: 'text/csv', parquet: 'application/vnd.apache.parquet' } satisfies Record<PredictionFormat, string>;
