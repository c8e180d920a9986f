import { nearest, OvertureError, ProblemList } from '@overture/config';
import type { RawTable } from '../data/table.js';
import { columnOf, type FeatureView, type PreprocessingConfigView, type SplitConfig } from './config-view.js';
import { isPreprocessedType, preprocessorFor, type AnyFeaturePreprocessor, type FeatureContext, type PreprocessingMode } from './features/index.js';
import { splitColumnName } from './splits/index.js';
import type { FeatureRole } from './types.js';
import { decodedOf, type DecodedMedia } from './media/decoded-media.js';

/** A configured feature with its role and dataset column. */
export interface FeatureEntry {
  feature: FeatureView;
  role: FeatureRole;
  column: string;
  preprocessor: AnyFeaturePreprocessor;
}

/** Inputs then outputs, each with its preprocessor; unsupported types fail here. */
export function listFeatures(config: Pick<PreprocessingConfigView, 'input_features' | 'output_features'>): FeatureEntry[] {
  const entries: FeatureEntry[] = [];
  const add = (feature: FeatureView, role: FeatureRole, index: number) => {
    const type: string = feature.type;
    if (!isPreprocessedType(type)) {
      throw new OvertureError('unsupported', `Feature '${feature.name}' has type '${type}', which Overture cannot preprocess yet.`, [
        { path: `${role}_features[${index}].type`, message: `type '${type}' is not supported yet` },
      ]);
    }
    entries.push({ feature, role, column: columnOf(feature), preprocessor: preprocessorFor(feature.type) });
  };
  config.input_features.forEach((f, i) => add(f, 'input', i));
  config.output_features.forEach((f, i) => add(f, 'output', i));
  return entries;
}

export function hasColumn(table: RawTable, column: string): boolean {
  return Object.hasOwn(table.data, column);
}

/**
 * Every configured column (features, split) must be in the table; one error lists the first 100
 * missing (and counts them all). Linear in features × the reported ones: a 20,000-column table
 * with thousands of misnamed features must not take minutes to say so.
 */
export function checkColumns(table: RawTable, entries: readonly FeatureEntry[], split: SplitConfig | null): void {
  const problems = new ProblemList();
  const reported = new Set<string>();
  const describe = (column: string, who: string, path: string) => {
    if (hasColumn(table, column) || reported.has(path)) return;
    reported.add(path);
    problems.add(() => {
      const suggestion = nearest(column, table.columns);
      return {
        path,
        message: `column '${column}' (${who}) is not in the data${suggestion === undefined ? '' : ` (did you mean '${suggestion}'?)`}`,
        ...(suggestion === undefined ? {} : { suggestion }),
      };
    });
  };
  // Ludwig trains an anomaly output without its column (every row unlabeled).
  entries.forEach((e) => {
    if (e.role === 'output' && e.feature.type === 'anomaly') return;
    describe(e.column, `${e.role} feature '${e.feature.name}'`, e.column);
  });
  const splitColumn = split === null ? null : splitColumnName(split);
  if (splitColumn !== null) describe(splitColumn, `${split?.type} split`, 'preprocessing.split.column');
  if (problems.total > 0) {
    const details = problems.items;
    const shown = table.columns.slice(0, 20).map((c) => `'${c}'`).join(', ');
    const more = problems.total > details.length ? ` And ${problems.total - details.length} more.` : '';
    throw new OvertureError(
      'invalid_data',
      `${details.map((d) => d.message[0].toUpperCase() + d.message.slice(1)).join('. ')}.${more} The data has columns ${shown}${table.columns.length > 20 ? ', …' : ''}.`,
      details,
      problems.total,
    );
  }
}

/** The context a preprocessor runs in; warnings and row errors go to the given sinks. */
export function createContext(
  entry: FeatureEntry,
  preprocessing: FeatureContext['preprocessing'],
  mode: PreprocessingMode,
  tableRows: Int32Array,
  identity: boolean,
  sinks: { warn?: (position: number, message: string) => void; rowError?: (position: number, message: string) => void } = {},
  images?: DecodedMedia,
): FeatureContext {
  const ignore = () => {};
  return {
    name: entry.feature.name,
    column: entry.column,
    role: entry.role,
    preprocessing,
    mode,
    tableRows,
    identity,
    warn: sinks.warn ?? ignore,
    rowError: sinks.rowError ?? ignore,
    ...(images && Object.hasOwn(images, entry.feature.name) ? decodedOf(images[entry.feature.name]) : {}),
  };
}

export function identityRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
