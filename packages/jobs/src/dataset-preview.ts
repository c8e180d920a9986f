/**
 * The web never decompresses or parses a whole workbook, Parquet or JSON file (one hostile file
 * could fill its heap): the worker's `dataset.profile` writes the rows of those formats as CSV
 * here, in the artifact store, before it marks the dataset ready, and the web pages that CSV.
 * CSV, TSV and JSON Lines are paged from the stored file itself, a line at a time.
 */
export const formatsPreviewedByProfile = ['xlsx', 'parquet', 'json', 'zip'] as const;

export function isPreviewedByProfile(format: string | null): boolean {
  return (formatsPreviewedByProfile as readonly string[]).includes(format ?? '');
}

/** Relative to DATA_DIR. */
export function datasetPreviewPath(datasetId: string): string {
  return `previews/${datasetId}.csv`;
}

/**
 * Where the worker unpacks a dataset uploaded as a zip of a table and its image/audio files
 * (`datasets/<id>.zip` → `datasets/<id>.files`), relative to DATA_DIR: the profile job unpacks it
 * there, training and batch predictions read the table and its media from there, deleting the
 * dataset removes it.
 */
export function datasetArchiveFolder(storagePath: string): string {
  return storagePath.replace(/\.zip$/i, '') + '.files';
}

/** The stored format of a dataset uploaded as such an archive. */
export const DATASET_ARCHIVE_FORMAT = 'zip';

/** The thumbnails of a dataset's image columns (the profile job writes them), relative to DATA_DIR. */
export function datasetThumbnailsFolder(datasetId: string): string {
  return `previews/${datasetId}.thumbnails`;
}

/** One thumbnail: the column's position and the picture's number in the profile. */
export function datasetThumbnailPath(datasetId: string, position: number, index: number): string {
  return `${datasetThumbnailsFolder(datasetId)}/${position}-${index}.png`;
}
