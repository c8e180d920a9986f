import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { csvField } from './csv-field.js';
import type { RawTable } from './table.js';

export { csvField };

/**
 * Writes the first `maxRows` rows of a table as CSV (header first). The file appears whole or not
 * at all: it is written under a temporary name beside `file` and renamed, and the temporary file
 * is removed on any failure — a reader of `file` never sees half a table.
 */
export async function writeTableCsv(table: RawTable, file: string, maxRows = Number.POSITIVE_INFINITY): Promise<{ rows: number }> {
  const rows = Math.min(table.rowCount, maxRows);
  const partial = `${file}.${process.pid}.${Date.now()}.partial`;
  const out = createWriteStream(partial);
  try {
    const columns = table.columns.map((name) => table.data[name]);
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain');
    };
    await write(`${table.columns.map(csvField).join(',')}\n`);
    const linesPerWrite = 1000;
    for (let start = 0; start < rows; start += linesPerWrite) {
      const lines: string[] = [];
      for (let row = start; row < Math.min(rows, start + linesPerWrite); row++) lines.push(columns.map((values) => csvField(values[row])).join(','));
      await write(`${lines.join('\n')}\n`);
    }
    out.end();
    await once(out, 'finish');
    await rename(partial, file);
    return { rows };
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
