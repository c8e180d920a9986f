/**
 * The web never decompresses or parses a whole workbook, Parquet or JSON file (one hostile file
 * could fill its heap): the worker's `dataset.profile` writes the rows of those formats as CSV
 * here, in the artifact store, before it marks the dataset ready, and the web pages that CSV.
 * CSV, TSV and JSON Lines are paged from the stored file itself, a line at a time.
 */
export const formatsPreviewedByProfile = ['xlsx', 'parquet', 'json'] as const;

export function isPreviewedByProfile(format: string | null): boolean {
  return (formatsPreviewedByProfile as readonly string[]).includes(format ?? '');
}

/** Relative to DATA_DIR. */
export function datasetPreviewPath(datasetId: string): string {
  return `previews/${datasetId}.csv`;
}
