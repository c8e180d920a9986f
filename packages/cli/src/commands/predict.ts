import { initBackend, loadBundle, predictTable, readTable, type BackendName } from '@overture/trainer';
import { log, printJson } from '../output.js';
import { writeRecords } from '../write-table.js';

/** `overture predict`: Ludwig-named prediction columns for every row, in input order. */
export async function predictCommand(options: { model: string; dataset: string; output?: string; json?: boolean; backend?: BackendName }): Promise<void> {
  await initBackend(options.backend);
  const bundle = await loadBundle(options.model);
  const table = await readTable(options.dataset);
  const { columns, records, rowErrors } = predictTable(bundle, table);
  for (const e of rowErrors.slice(0, 20)) log(`warning: row ${e.row}: ${e.message}`);
  if (rowErrors.length > 20) log(`warning: ${rowErrors.length - 20} more rows with problems`);
  if (options.output) {
    await writeRecords(options.output, columns, records);
    log(`wrote ${records.length} predictions to ${options.output}`);
  }
  if (options.json || !options.output) printJson(records);
  bundle.model.dispose();
}
