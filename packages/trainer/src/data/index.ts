// Data in: readers, profiling, type inference and the value parsers that preprocessing shares.
// Pure TypeScript, no tfjs: serving and the web app use this without the training stack.
export { columnData, type RawTable, type SourceColumnType } from './table.js';
export { readTable, readTableInChunks, resolveTableFormat, tableFormatsByExtension } from './read-table.js';
export type { ReadTableOptions, TableFormat } from './read-table.js';
export type { ReadOptions } from './readers/table-builder.js';
export { concatTables } from './readers/table-builder.js';
export { parseCsvText, type CsvTextOptions, type CsvTextResult } from './readers/csv-text.js';
export { stringifyValue } from './readers/stringify.js';
export { defaultReadLimits, readLimitSettings, type ReadLimits } from './readers/read-limits.js';
export { csvField } from './csv-field.js';
export { writeTableCsv } from './write-csv.js';
export type { TextEncodingName } from './readers/text-encoding.js';
export { profileTable, profileColumn, TYPE_INFERENCE_SAMPLE_ROWS } from './profile.js';
export type { ProfileOptions } from './profile.js';
export { summarizeColumn, countWords, defaultMaxDistinct } from './column-summary.js';
export type { ColumnSummary, NumericSummary, SummarizeOptions } from './column-summary.js';
export {
  inferColumnType,
  isIdLike,
  areConventionalBools,
  conventionalTrueStrings,
  conventionalFalseStrings,
  imageExtensions,
  audioExtensions,
} from './infer-types.js';
export type { InferredType, InferTypeOptions } from './infer-types.js';
export { parseNumber, isNumeric, isIntegerText } from './parse-number.js';
export { parseDate, isDate, datePartsToEpochMs, weekdayOf, daysInMonth } from './parse-date.js';
export type { DateParts } from './parse-date.js';
export { archiveTable, readManifest, unpackDatasetArchive, type DatasetArchive } from './dataset-archive.js';
export { profileImageColumn, type ImageColumnReport, type ImageProfileOptions } from './image-profile.js';
