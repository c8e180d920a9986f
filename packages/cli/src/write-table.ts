import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';

import { formatCsv } from '@overture/serving';

type Cell = string | number | boolean | string[] | number[] | null;

/** Writes records as CSV, JSON or Parquet, chosen by the file extension (Ludwig's prediction files). */
export async function writeRecords(file: string, columns: string[], records: Record<string, Cell>[]): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') {
    await fs.writeFile(file, JSON.stringify(records, null, 2) + '\n');
  } else if (ext === '.jsonl') {
    await fs.writeFile(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  } else if (ext === '.parquet') {
    parquetWriteFile({
      filename: file,
      columnData: columns.map((name) => {
        const sample = records.find((r) => r[name] !== null && r[name] !== undefined)?.[name];
        const listValued = Array.isArray(sample);
        return {
          name,
          data: records.map((r) => (listValued ? JSON.stringify(r[name]) : r[name] ?? null)),
          type: listValued ? 'JSON' : typeof sample === 'number' ? 'DOUBLE' : typeof sample === 'boolean' ? 'BOOLEAN' : 'STRING',
        };
      }),
    });
  } else if (ext === '.csv' || ext === '') {
    await fs.writeFile(file, formatCsv(columns, records));
  } else {
    throw new Error(`cannot write ${ext} files; use .csv, .json, .jsonl or .parquet`);
  }
}
