import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { dataError } from '../data-error.js';
import type { RawTable } from '../table.js';
import { detectDelimiter, detectNewline } from './csv-dialect.js';
import { openDataFile } from './file.js';
import { createCsvParser } from './papaparse.js';
import { defaultBatchRows, normalizeHeader, selectColumns, TableBuilder, concatTables, type ReadOptions } from './table-builder.js';
import { createDecoder, detectEncoding, NotUtf8Error, type TextEncodingName } from './text-encoding.js';

export interface CsvReadOptions extends ReadOptions {
  /** Field delimiter; detected from the first lines when omitted (`,` `;` tab `|`). */
  delimiter?: string;
  /** Text encoding; detected when omitted (UTF-8 with or without BOM, else Latin-1). */
  encoding?: TextEncodingName;
}

/** Bytes examined to detect encoding, line ending and delimiter. */
const sampleBytes = 1 << 20;
const readChunkBytes = 1 << 20;
const quote = '"';

/**
 * Streams a delimited text file (RFC 4180: quoted fields may hold delimiters, doubled quotes and
 * line breaks) as column-major batches. The first row is the header. Blank lines are skipped.
 * Errors name the 1-based physical line in the file, counting line breaks inside quoted fields.
 */
export async function* readCsvBatches(file: string, options: CsvReadOptions = {}): AsyncGenerator<RawTable> {
  try {
    yield* csvBatches(file, options);
  } catch (error) {
    if (error instanceof NotUtf8Error) {
      throw dataError(file, `is not valid UTF-8 (first bad byte near line ${error.line}); save it as UTF-8 or read it with encoding 'latin1'.`, { line: error.line });
    }
    throw error;
  }
}

/**
 * Reads a whole delimited file. When the encoding was detected as UTF-8 from the first megabyte
 * but a later byte is not UTF-8, the file is read again as Latin-1.
 */
export async function readCsv(file: string, options: CsvReadOptions = {}): Promise<RawTable> {
  try {
    return await collect(csvBatches(file, options));
  } catch (error) {
    if (error instanceof NotUtf8Error && options.encoding === undefined) {
      return collect(readCsvBatches(file, { ...options, encoding: 'latin1' }));
    }
    if (error instanceof NotUtf8Error) {
      throw dataError(file, `is not valid UTF-8 (first bad byte near line ${error.line}); read it with encoding 'latin1'.`, { line: error.line });
    }
    throw error;
  }
}

async function collect(batches: AsyncIterable<RawTable>): Promise<RawTable> {
  const all: RawTable[] = [];
  let columns: string[] = [];
  for await (const batch of batches) {
    columns = batch.columns;
    if (batch.rowCount > 0) all.push(batch);
  }
  return concatTables(all, columns);
}

async function* csvBatches(file: string, options: CsvReadOptions): AsyncGenerator<RawTable> {
  const { size } = await openDataFile(file);
  const head = await readHead(file, Math.min(size, sampleBytes));
  const headIsWholeFile = head.length === size;
  const encoding = detectEncoding(head, headIsWholeFile, options.encoding);
  const sampleText = new TextDecoder(encoding.label, { ignoreBOM: true }).decode(head.subarray(encoding.bomLength));
  if (sampleText.trim() === '' && headIsWholeFile) {
    throw dataError(file, 'is empty: it has no header row and no data.', { line: 1 });
  }
  const newline = detectNewline(sampleText);
  const newlineChar = newline === '\r' ? '\r' : '\n';
  const delimiter = options.delimiter ?? detectDelimiter(sampleText, newline, headIsWholeFile);
  const batchRows = options.batchRows ?? defaultBatchRows;
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;

  const parser = createCsvParser(delimiter, newline);
  const decoder = createDecoder(encoding);
  let builder: TableBuilder | null = null;
  let expectedFields = 0;
  let line = 1;
  let rowsRead = 0;
  let pending = '';

  /** Moves parsed rows into the builder; returns false once maxRows is reached. */
  const consume = (text: string, final: boolean): boolean => {
    const result = parser.parse(text, 0, !final);
    const rows = result.data;
    const mayHoldLineBreaks = text.indexOf(quote) !== -1;
    const badRows = result.errors.length > 0 ? new Map(result.errors.map((e) => [e.row, e])) : null;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const startLine = line;
      line += 1 + (mayHoldLineBreaks ? countLineBreaks(row, newlineChar) : 0);
      const problem = badRows?.get(r);
      if (problem) throw quoteError(file, problem.code, startLine);
      if (row.length === 1 && row[0] === '') continue;
      if (builder === null) {
        const header = normalizeHeader(file, row, startLine);
        builder = new TableBuilder(header, selectColumns(file, header, options.columns));
        expectedFields = header.length;
        continue;
      }
      if (row.length !== expectedFields) {
        throw dataError(
          file,
          `line ${startLine} has ${row.length} field${row.length === 1 ? '' : 's'}, the header has ${expectedFields}. Check for an unquoted '${printable(delimiter)}' or a missing value.`,
          { line: startLine, column: Math.min(row.length, expectedFields) + 1 },
        );
      }
      if (rowsRead >= maxRows) return false;
      builder.addRow(row);
      rowsRead++;
    }
    if (final && badRows) {
      const trailing = result.errors.find((e) => e.row >= rows.length);
      if (trailing) throw quoteError(file, trailing.code, line);
    }
    pending = final ? '' : text.substring(result.meta.cursor);
    return true;
  };

  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new NotUtf8Error(line + (pending.split(newlineChar).length - 1));
    }
  };

  const stream = createReadStream(file, { start: encoding.bomLength, highWaterMark: readChunkBytes });
  let more = true;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      more = consume(pending + decode(chunk), false);
      if (!more) break;
      if (builder !== null && (builder as TableBuilder).rowCount >= batchRows) yield (builder as TableBuilder).take();
    }
    if (more) consume(pending + decode(undefined), true);
  } finally {
    stream.destroy();
  }
  if (builder === null) {
    throw dataError(file, 'is empty: it has no header row and no data.', { line: 1 });
  }
  // Always yield once, so a header-only file still tells the caller its columns.
  yield (builder as TableBuilder).take();
}

async function readHead(file: string, length: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function countLineBreaks(row: string[], newlineChar: string): number {
  let count = 0;
  for (let f = 0; f < row.length; f++) {
    const field = row[f];
    let at = field.indexOf(newlineChar);
    while (at !== -1) {
      count++;
      at = field.indexOf(newlineChar, at + 1);
    }
  }
  return count;
}

function quoteError(file: string, code: string, line: number) {
  return code === 'MissingQuotes'
    ? dataError(file, `line ${line} opens a quoted field that is never closed; a value holding a '"' must double it ("").`, { line })
    : dataError(file, `line ${line} has a quoted field followed by other text; a value holding a '"' must be quoted with the quote doubled ("").`, { line });
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? '\\t' : delimiter;
}
