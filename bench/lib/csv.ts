import { readFile, writeFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Reads an RFC 4180 CSV (header row) as strings; empty cells stay empty strings. */
export async function readCsv(file: string): Promise<CsvTable> {
  const records = parse(await readFile(file, 'utf8'), { relax_column_count: false }) as string[][];
  const [header, ...rows] = records;
  if (!header) throw new Error(`${file} is empty`);
  return { header, rows };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export async function writeCsv(file: string, table: CsvTable): Promise<void> {
  const lines = [table.header, ...table.rows].map((row) => row.map(quote).join(','));
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** A copy of the table without the named columns. */
export function dropColumns(table: CsvTable, names: string[]): CsvTable {
  const keep = table.header.map((h, i) => (names.includes(h) ? -1 : i)).filter((i) => i >= 0);
  return { header: keep.map((i) => table.header[i] as string), rows: table.rows.map((r) => keep.map((i) => r[i] as string)) };
}
