import { OvertureError, type ResolvedConfig } from '@overture/config';
import { parseNumber, stringifyValue, type RawTable, type RowIssue } from '@overture/trainer/preprocessing/browser';

/**
 * JSON instances → the RawTable preprocessing reads, checking each row on its own so one bad
 * row never fails the others. The rules (documented in the serving README):
 * - an instance that is not an object fails the whole request (400): the body has the wrong shape;
 * - a key absent from an instance is that row's error (`null` is a missing value, filled as in training);
 * - a value of the wrong JSON type for its feature is that row's error;
 * - keys that are not input columns (extra columns, output columns) are ignored.
 */
export interface InstancesTable {
  table: RawTable;
  rowErrors: RowIssue[];
}

type InputFeature = ResolvedConfig['input_features'][number];

const tokenSeparators: Record<string, string> = { space: ' ', comma: ',', underscore: '_', space_punct: ' ' };

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The cell text of one value, or an error message. */
function cellOf(feature: InputFeature, value: unknown): { text: string | null } | { error: string } {
  if (value === null) return { text: null };
  const column = feature.column ?? feature.name;
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  switch (feature.type) {
    case 'number': {
      if (typeof value === 'number') return { text: stringifyValue(value) };
      if (typeof value === 'string' && (value.trim() === '' || parseNumber(value) !== null)) return { text: stringifyValue(value) };
      return { error: `'${column}' must be a number, got ${describe(value)}.` };
    }
    case 'binary': case 'category': case 'date':
      return scalar ? { text: stringifyValue(value) } : { error: `'${column}' must be a ${feature.type === 'date' ? 'date string' : 'string, number or boolean'}, got ${describe(value)}.` };
    case 'set': case 'bag': {
      if (scalar) return { text: stringifyValue(value) };
      const separator = tokenSeparators[feature.preprocessing.tokenizer] ?? ' ';
      if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return { text: value.map(String).join(separator) || null };
      return { error: `'${column}' must be a list of strings or a string, got ${describe(value)}.` };
    }
    case 'text': {
      // An empty string is a missing value, as an empty CSV cell is in training.
      if (typeof value === 'string') return { text: value === '' ? null : value };
      if (typeof value === 'number' || typeof value === 'boolean') return { text: stringifyValue(value) };
      return { error: `'${column}' must be a string, got ${describe(value)}.` };
    }
    case 'sequence': {
      // A sequence is its tokens: a string as written, or a list joined by the tokenizer's separator.
      if (typeof value === 'string') return { text: value === '' ? null : value };
      if (typeof value === 'number' || typeof value === 'boolean') return { text: stringifyValue(value) };
      const separator = tokenSeparators[feature.preprocessing.tokenizer];
      if (separator !== undefined && Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return { text: value.map(String).join(separator) || null };
      return { error: `'${column}' must be a string${separator !== undefined ? ' or a list of tokens' : ''}, got ${describe(value)}.` };
    }
    case 'vector': {
      if (typeof value === 'string') return { text: stringifyValue(value) };
      if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return { text: value.join(' ') || null };
      return { error: `'${column}' must be a list of numbers, got ${describe(value)}.` };
    }
    case 'timeseries': {
      // A series as a JSON array of numbers (null for a missing step) or as the cell text ("1 2 3", "[1, 2, 3]").
      if (typeof value === 'string') return { text: value.trim() === '' ? null : value };
      if (typeof value === 'number') return { text: stringifyValue(value) };
      if (Array.isArray(value) && value.every((v) => (typeof v === 'number' && Number.isFinite(v)) || v === null)) {
        return { text: value.length === 0 ? null : `[${value.map((v) => (v === null ? 'nan' : String(v))).join(', ')}]` };
      }
      if (Array.isArray(value)) {
        const bad = value.findIndex((v) => !((typeof v === 'number' && Number.isFinite(v)) || v === null));
        return { error: `'${column}' must be a list of numbers (null for a missing step); item ${bad + 1} is ${describe(value[bad])}.` };
      }
      return { error: `'${column}' must be a list of numbers or a string of numbers, got ${describe(value)}.` };
    }
    case 'image': {
      // A data URI or base64 of the image file (a path only where the caller allows a root).
      if (typeof value === 'string') return { text: value.trim() === '' ? null : value };
      return { error: `'${column}' must be a string (a data URI such as data:image/png;base64,…, or base64), got ${describe(value)}.` };
    }
    case 'audio': {
      // A data URI or base64 of the WAV file (a path only where the caller allows a root).
      if (typeof value === 'string') return { text: value.trim() === '' ? null : value };
      return { error: `'${column}' must be a string (a data URI such as data:audio/wav;base64,…, or base64), got ${describe(value)}.` };
    }
  }
}

export function instancesToTable(instances: unknown, config: Pick<ResolvedConfig, 'input_features'>): InstancesTable {
  if (!Array.isArray(instances)) throw new OvertureError('invalid_input', `'instances' must be a list of rows ({"column": value, …}), got ${describe(instances)}.`);
  if (instances.length === 0) throw new OvertureError('invalid_input', "'instances' is empty: send at least one row.");
  // A row that is not an object is a request of the wrong shape (e.g. TF Serving's lists of values), not bad data in one row.
  const shapeless = instances.flatMap((instance, i) => (isRecord(instance) ? [] : [{ path: `instances.${i}`, message: `row ${i + 1} is ${describe(instance)}` }]));
  if (shapeless.length > 0) {
    const listed = shapeless.slice(0, 3).map((d) => d.message).join(', ') + (shapeless.length > 3 ? ` (and ${shapeless.length - 3} more)` : '');
    throw new OvertureError('invalid_input', `'instances' must be a list of objects ({"column": value, …}): ${listed}.`, shapeless.slice(0, 20));
  }
  const features = new Map<string, InputFeature>();
  for (const f of config.input_features) if (!features.has(f.column ?? f.name)) features.set(f.column ?? f.name, f);
  const columns = [...features.keys()];
  const data: RawTable['data'] = Object.fromEntries(columns.map((c) => [c, new Array<string | null>(instances.length).fill(null)]));
  const rowErrors: RowIssue[] = [];
  instances.forEach((instance, i) => {
    const record = instance as Record<string, unknown>;
    const problems: string[] = [];
    const missing = columns.filter((c) => !Object.hasOwn(record, c));
    if (missing.length > 0) problems.push(`missing feature${missing.length > 1 ? 's' : ''} ${missing.map((c) => `'${c}'`).join(', ')} (send null for a missing value).`);
    const cells: [string, string | null][] = [];
    for (const [column, feature] of features) {
      if (!Object.hasOwn(record, column)) continue;
      const cell = cellOf(feature, record[column]);
      if ('error' in cell) problems.push(cell.error);
      else cells.push([column, cell.text]);
    }
    if (problems.length > 0) rowErrors.push({ row: i + 1, message: problems.join(' ') });
    else for (const [column, text] of cells) data[column][i] = text;
  });
  return { table: { columns, rowCount: instances.length, data }, rowErrors };
}

/**
 * Row errors of a table read from CSV: a number feature's cell that is not a number (JSON rows
 * get the same check in instancesToTable). Those rows' cells are cleared so preprocessing fills them.
 */
export function checkTableCells(table: RawTable, config: Pick<ResolvedConfig, 'input_features'>): RowIssue[] {
  const problems = new Map<number, string[]>();
  for (const feature of config.input_features) {
    const column = feature.column ?? feature.name;
    const cells = table.data[column];
    if (feature.type !== 'number' || !cells) continue;
    cells.forEach((cell, i) => {
      if (cell === null || parseNumber(cell) !== null) return;
      const list = problems.get(i) ?? [];
      list.push(`'${column}' must be a number, got '${cell.length > 40 ? `${cell.slice(0, 40)}…` : cell}'.`);
      problems.set(i, list);
    });
  }
  for (const i of problems.keys()) for (const column of table.columns) table.data[column][i] = null;
  return [...problems].sort((a, b) => a[0] - b[0]).map(([i, messages]) => ({ row: i + 1, message: messages.join(' ') }));
}
