import { createRequire } from 'node:module';

/**
 * Papa Parse's core parser (`Papa.Parser`), typed for what we use. The package ships no types and
 * `@types/papaparse` is not installed; we drive the core parser directly (rather than
 * `Papa.parse(stream)`) so that reading is a plain pull loop with back-pressure.
 */
export interface PapaParseResult {
  data: string[][];
  errors: { type: string; code: string; message: string; row: number }[];
  meta: { cursor: number };
}

export interface PapaParser {
  /** With `ignoreLastRow`, a possibly incomplete last row is left unparsed; `meta.cursor` is where it starts. */
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): PapaParseResult;
}

interface PapaModule {
  Parser: new (config: { delimiter: string; newline: '\n' | '\r\n' | '\r'; quoteChar?: string; preview?: number }) => PapaParser;
}

const papa = createRequire(import.meta.url)('papaparse') as PapaModule;

export function createCsvParser(delimiter: string, newline: '\n' | '\r\n' | '\r', preview?: number): PapaParser {
  return new papa.Parser({ delimiter, newline, quoteChar: '"', preview });
}
