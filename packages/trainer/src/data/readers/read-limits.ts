import { dataError } from '../data-error.js';

/**
 * What a compressed dataset file (.xlsx, Parquet) may expand to while it is read. A 10 MB
 * workbook can hold gigabytes of shared strings, and a Parquet page header can claim any size:
 * every cap is checked against the declared sizes first and then against the bytes actually
 * produced, while streaming, so a bomb fails with an error naming the cap instead of filling the
 * heap. The services take each cap from the environment variable in `readLimitSettings`.
 */
export interface ReadLimits {
  /** Decompressed bytes of one file: every zip entry read, every Parquet page decompressed. */
  maxUnpackedBytes: number;
  /** Decompressed ÷ compressed size of one zip entry or Parquet column chunk or page (checked above 1 MiB). */
  maxUnpackRatio: number;
  /** Entries in an .xlsx zip archive. */
  maxArchiveEntries: number;
  /** Entries in a dataset archive (a zip of a table and its image/audio files): a folder of images is large. */
  maxDatasetArchiveEntries: number;
  /** One cell's text, one shared string, one run of XML between two tags. */
  maxCellBytes: number;
  /** Entries in a workbook's shared-string table. */
  maxSharedStrings: number;
  /** Characters of all shared strings together. */
  maxSharedStringChars: number;
  /** Rows × columns of a sheet or Parquet file. */
  maxCells: number;
  /** The Parquet footer (schema, row groups, column chunks). */
  maxParquetMetadataBytes: number;
}

const MiB = 1024 ** 2;

export const defaultReadLimits: ReadLimits = {
  maxUnpackedBytes: 1024 * MiB,
  // Sheet XML deflates 5–30×; whitespace or repeated-string bombs reach deflate's ceiling of ~1000×.
  maxUnpackRatio: 200,
  maxArchiveEntries: 10_000,
  maxDatasetArchiveEntries: 100_000,
  maxCellBytes: 1 * MiB,
  maxSharedStrings: 5_000_000,
  maxSharedStringChars: 256 * MiB,
  maxCells: 100_000_000,
  maxParquetMetadataBytes: 64 * MiB,
};

/** The service environment variable that sets each limit (named in the error, so an admin knows what to raise). */
export const readLimitSettings = {
  maxUnpackedBytes: 'OVERTURE_MAX_UNPACKED_BYTES',
  maxUnpackRatio: 'OVERTURE_MAX_UNPACK_RATIO',
  maxArchiveEntries: 'OVERTURE_MAX_ARCHIVE_ENTRIES',
  maxDatasetArchiveEntries: 'OVERTURE_MAX_DATASET_ARCHIVE_ENTRIES',
  maxCellBytes: 'OVERTURE_MAX_CELL_BYTES',
  maxSharedStrings: 'OVERTURE_MAX_SHARED_STRINGS',
  maxSharedStringChars: 'OVERTURE_MAX_SHARED_STRING_CHARS',
  maxCells: 'OVERTURE_MAX_CELLS',
  maxParquetMetadataBytes: 'OVERTURE_MAX_PARQUET_METADATA_BYTES',
} as const satisfies Record<keyof ReadLimits, string>;

/** Ratios are only meaningful once an entry is big enough to matter: a 4 KB styles.xml may deflate 300×. */
export const ratioFloorBytes = 1 * MiB;

export function resolveReadLimits(limits: Partial<ReadLimits> | undefined): ReadLimits {
  return { ...defaultReadLimits, ...limits };
}

/** "1 GB", "512 KB", "1,000,000": how a limit reads in an error message. */
export function formatLimit(name: keyof ReadLimits, value: number): string {
  if (name === 'maxUnpackRatio') return `${value}:1`;
  if (!name.endsWith('Bytes')) return value.toLocaleString('en-US');
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', MiB], ['KB', 1024]] as const) {
    if (value >= size) return `${Number((value / size).toFixed(1))} ${unit}`;
  }
  return `${value} bytes`;
}

/** "book.xlsx: <what> exceeds the limit of 1 GB (OVERTURE_MAX_UNPACKED_BYTES); …" */
export function limitError(file: string, what: string, name: keyof ReadLimits, limits: ReadLimits) {
  return dataError(
    file,
    `${what}, over the limit of ${formatLimit(name, limits[name])} (${readLimitSettings[name]}). The file may be a decompression bomb; if it is genuine, an admin can raise ${readLimitSettings[name]}.`,
  );
}
