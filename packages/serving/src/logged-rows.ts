import { parseCsvText } from '@overture/trainer/data';

/** A request's rows as a prediction log keeps them: `{column: value}` objects, the first few only. */
export type LoggedRow = Record<string, unknown>;

/**
 * The first `limit` rows of a JSON request's `instances` whose serialized size stays within
 * `maxChars` (a row that is not an object is kept as `{}`: the log records what was answered, and the
 * model answered it with a row error). Rows after the first that would pass the size are left out.
 */
export function loggedJsonRows(instances: unknown, limit: number, maxChars: number): LoggedRow[] {
  if (!Array.isArray(instances)) return [];
  return withinSize(instances.slice(0, limit).map((row) => (row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as LoggedRow) : {})), maxChars);
}

/** The same for a CSV body: its first `limit` data rows, cells as text (null for an empty cell). */
export function loggedCsvRows(text: string, limit: number, maxChars: number): LoggedRow[] {
  // Only the head is parsed: a 10 MB body must not be read twice to log 100 rows.
  let end = 0;
  for (let lines = 0; lines <= limit && end !== -1; lines += 1) end = text.indexOf('\n', end + (lines === 0 ? 0 : 1));
  const head = end === -1 ? text : text.slice(0, end);
  let table;
  try {
    ({ table } = parseCsvText(head, { source: 'the CSV body' }));
  } catch {
    return []; // the cut fell inside a quoted cell: the model read the whole body; the log keeps no rows
  }
  const rows: LoggedRow[] = [];
  for (let i = 0; i < Math.min(table.rowCount, limit); i += 1) {
    const row: LoggedRow = {};
    for (const column of table.columns) row[column] = table.data[column][i];
    rows.push(row);
  }
  return withinSize(rows, maxChars);
}

function withinSize(rows: LoggedRow[], maxChars: number): LoggedRow[] {
  let size = 2;
  const kept: LoggedRow[] = [];
  for (const row of rows) {
    size += JSON.stringify(row).length + 1;
    if (size > maxChars && kept.length > 0) break;
    kept.push(size > maxChars ? {} : row);
  }
  return kept;
}
