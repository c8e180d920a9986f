import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dropColumns, readCsv, writeCsv, type CsvTable } from '../lib/csv.js';
import { runOverture } from '../lib/cli.js';
import { datasetsDir } from '../lib/paths.js';

/** The tickets table without its text: channel, tenure, amount, premium, created_at → intent, priority (depends on intent), resolution_hours. */
export const outputs = ['intent', 'priority', 'resolution_hours'];

/** The model's config: `overture serve` and the platform (POST /api/models) get the same one. */
export const config = `input_features:
  - {name: channel, type: category}
  - {name: customer_tenure_days, type: number}
  - {name: amount, type: number}
  - {name: is_premium, type: binary}
  - {name: created_at, type: date}
output_features:
  - {name: intent, type: category}
  - {name: priority, type: category, dependencies: [intent]}
  - {name: resolution_hours, type: number}
combiner: {type: concat, num_fc_layers: 2, output_size: 128}
trainer: {epochs: 8, batch_size: 128, learning_rate: 0.001}
`;

export interface BenchModel {
  directory: string;
  /** The training CSV (the table without ticket_text), also uploaded to the platform. */
  csv: string;
  /** The dataset's input columns, rows as JSON instances (numbers as numbers). */
  instances: Record<string, string | number | null>[];
  table: CsvTable;
}

/** Trains the benchmark's multi-task model with the built CLI (a few epochs: speed, not quality, is measured). */
export async function trainBenchModel(workDir: string): Promise<BenchModel> {
  const table = dropColumns(await readCsv(join(datasetsDir, 'tickets.csv')), ['ticket_text']);
  const csv = join(workDir, 'tickets.csv');
  await writeCsv(csv, table);
  await writeFile(join(workDir, 'config.yaml'), config);
  await runOverture(['train', '--config', join(workDir, 'config.yaml'), '--dataset', csv, '--output-directory', join(workDir, 'out')]);
  const inputs = table.header.filter((h) => !outputs.includes(h));
  const numeric = new Set(['customer_tenure_days', 'amount']);
  const instances = table.rows.map((row) => Object.fromEntries(inputs.map((name) => {
    const cell = row[table.header.indexOf(name)] ?? '';
    return [name, cell === '' ? null : numeric.has(name) ? Number(cell) : cell];
  })));
  return { directory: join(workDir, 'out', 'model'), csv, instances, table };
}
