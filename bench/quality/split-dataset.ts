import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { datasetsDir } from '../lib/paths.js';
import { dropColumns, readCsv, writeCsv } from '../lib/csv.js';
import { seededRandom } from '../lib/random.js';

export interface SplitSummary {
  rows: number;
  train: number;
  validation: number;
  test: number;
}

/** The README's test rows: 0-based data-row indices, one per line. */
export async function readTestRows(dataset: string): Promise<Set<number>> {
  const text = await readFile(join(datasetsDir, 'splits', `${dataset}_test_rows.txt`), 'utf8');
  return new Set(text.split('\n').filter((line) => line.trim() !== '').map(Number));
}

/**
 * Writes a copy of `<dataset>.csv` with a `split` column: 2 for the README's test rows, 1 for a
 * seeded 10% of the others, 0 for the rest. Rows with a missing target are kept (the trainer
 * drops them, as the baseline did after splitting).
 */
export async function writeSplitCopy(dataset: string, drop: string[], file: string, seed = 42): Promise<SplitSummary> {
  if (drop.includes('split')) throw new Error('the split column is written by the benchmark');
  const table = dropColumns(await readCsv(join(datasetsDir, `${dataset}.csv`)), drop);
  if (table.header.includes('split')) throw new Error(`${dataset}.csv already has a split column`);
  const test = await readTestRows(dataset);
  const others = table.rows.map((_, i) => i).filter((i) => !test.has(i));
  const random = seededRandom(seed);
  for (let i = others.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [others[i], others[j]] = [others[j] as number, others[i] as number];
  }
  const validation = new Set(others.slice(0, Math.round(others.length * 0.1)));
  const split = (i: number) => (test.has(i) ? '2' : validation.has(i) ? '1' : '0');
  await writeCsv(file, { header: [...table.header, 'split'], rows: table.rows.map((row, i) => [...row, split(i)]) });
  return { rows: table.rows.length, train: others.length - validation.size, validation: validation.size, test: test.size };
}

/** Test rows whose target cell is not empty: the rows the score is computed on. */
export async function countScoredTestRows(dataset: string, target: string): Promise<number> {
  const table = await readCsv(join(datasetsDir, `${dataset}.csv`));
  const column = table.header.indexOf(target);
  if (column < 0) throw new Error(`${dataset}.csv has no column '${target}'`);
  const test = await readTestRows(dataset);
  return [...test].filter((i) => (table.rows[i]?.[column] ?? '') !== '').length;
}
