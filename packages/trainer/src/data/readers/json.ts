import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { dataError } from '../data-error.js';
import { columnData, type RawTable } from '../table.js';
import { openDataFile } from './file.js';
import { RecordBuilder } from './record-builder.js';
import { stringifyValue } from './stringify.js';
import { defaultBatchRows, normalizeHeader, selectColumns, TableBuilder, type ReadOptions } from './table-builder.js';

/**
 * A JSON document is parsed whole (JSON has no record boundaries to stream on), so it is capped;
 * larger data should be JSON Lines, which streams.
 */
const maxJsonBytes = 256 * 1024 * 1024;

/**
 * Reads a JSON table: an array of records (pandas `orient="records"`), pandas `orient="split"`
 * (`{columns, data}`), `orient="table"` (`{schema, data: records}`), or `orient="columns"`
 * (`{column: {rowLabel: value}}`, pandas' default for DataFrames).
 */
export async function* readJsonBatches(file: string, options: ReadOptions = {}): AsyncGenerator<RawTable> {
  const { size } = await openDataFile(file);
  if (size > maxJsonBytes) {
    throw dataError(file, `is ${Math.round(size / 1e6)} MB; JSON files up to ${maxJsonBytes / 1e6} MB can be read. Save larger data as JSON Lines (.jsonl), one record per line.`);
  }
  const text = stripBom(await readFile(file, 'utf8'));
  if (text.trim() === '') throw dataError(file, 'is empty: it holds no JSON value.', { line: 1 });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const where = position ? locate(text, Number(position[1])) : undefined;
    throw dataError(file, `is not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${(error as Error).message}`, where ?? {});
  }
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const batchRows = options.batchRows ?? defaultBatchRows;

  if (Array.isArray(document) || isTableOrient(document)) {
    const records = Array.isArray(document) ? document : (document as { data: unknown[] }).data;
    const builder = new RecordBuilder(options.columns);
    for (let index = 0; index < records.length && index < maxRows; index++) {
      const record = records[index];
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        throw dataError(file, `item ${index + 1} of the array is ${describe(record)}, not a record ({"column": value, …}).`);
      }
      builder.addRecord(record as Record<string, unknown>);
      if (builder.rowCount >= batchRows) yield builder.take();
    }
    builder.checkWanted(file);
    yield builder.take();
    return;
  }
  if (isSplitOrient(document)) {
    const header = normalizeHeader(file, document.columns.map(String));
    const builder = new TableBuilder(header, selectColumns(file, header, options.columns));
    const rows = document.data;
    for (let index = 0; index < rows.length && index < maxRows; index++) {
      const row = rows[index];
      if (!Array.isArray(row) || row.length !== header.length) {
        throw dataError(file, `data row ${index + 1} has ${Array.isArray(row) ? `${row.length} values` : describe(row)}, the columns list has ${header.length}.`);
      }
      builder.addRow(row.map(stringifyValue));
      if (builder.rowCount >= batchRows) yield builder.take();
    }
    yield builder.take();
    return;
  }
  if (isColumnsOrient(document)) {
    const header = Object.keys(document);
    const keep = selectColumns(file, header, options.columns);
    const labels = Object.keys(document[header[0]] ?? {});
    const rowCount = Math.min(labels.length, maxRows);
    const table: RawTable = { columns: keep.map((k) => header[k]), rowCount, data: columnData() };
    for (const name of table.columns) {
      const column = document[name];
      table.data[name] = labels.slice(0, rowCount).map((label) => stringifyValue(column[label]));
    }
    yield table;
    return;
  }
  throw dataError(
    file,
    'holds JSON that is not a table. Use an array of records ([{"a": 1, "b": "x"}, …]) or pandas to_json with orient "records", "split", "table" or "columns".',
  );
}

/** Streams JSON Lines: one JSON object per line; blank lines are skipped. */
export async function* readJsonLinesBatches(file: string, options: ReadOptions = {}): AsyncGenerator<RawTable> {
  const { size } = await openDataFile(file);
  if (size === 0) throw dataError(file, 'is empty: it holds no records.', { line: 1 });
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const batchRows = options.batchRows ?? defaultBatchRows;
  const builder = new RecordBuilder(options.columns);
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let pending = '';
  let line = 0;
  let done = false;

  const handleLine = (text: string): void => {
    line++;
    const trimmed = line === 1 ? stripBom(text).trim() : text.trim();
    if (trimmed === '') return;
    let record: unknown;
    try {
      record = JSON.parse(trimmed);
    } catch (error) {
      throw dataError(file, `line ${line} is not valid JSON: ${(error as Error).message}`, { line });
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw dataError(file, `line ${line} is ${describe(record)}; each line must be one record ({"column": value, …}).`, { line });
    }
    builder.addRecord(record as Record<string, unknown>);
    if (builder.rowCount + rowsYielded >= maxRows) done = true;
  };

  let rowsYielded = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = pending + decoder.decode(chunk, { stream: true });
      let start = 0;
      let end = text.indexOf('\n');
      while (end !== -1 && !done) {
        handleLine(text.substring(start, end));
        start = end + 1;
        end = text.indexOf('\n', start);
      }
      pending = text.substring(start);
      if (builder.rowCount >= batchRows) {
        rowsYielded += builder.rowCount;
        yield builder.take();
      }
      if (done) break;
    }
    if (!done) {
      const rest = pending + decoder.decode();
      if (rest.trim() !== '') handleLine(rest);
    }
  } finally {
    stream.destroy();
  }
  if (rowsYielded + builder.rowCount === 0 && line <= 1 && pending.trim() === '') {
    throw dataError(file, 'is empty: it holds no records.', { line: 1 });
  }
  builder.checkWanted(file);
  yield builder.take();
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function locate(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function isTableOrient(value: unknown): value is { schema: unknown; data: unknown[] } {
  return isObject(value) && 'schema' in value && Array.isArray(value.data);
}

function isSplitOrient(value: unknown): value is { columns: unknown[]; data: unknown[] } {
  return isObject(value) && Array.isArray(value.columns) && Array.isArray(value.data);
}

function isColumnsOrient(value: unknown): value is Record<string, Record<string, unknown>> {
  if (!isObject(value)) return false;
  const columns = Object.values(value);
  return columns.length > 0 && columns.every((column) => isObject(column));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
