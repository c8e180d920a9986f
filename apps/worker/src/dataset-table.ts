import { DATASET_ARCHIVE_FORMAT, datasetArchiveFolder } from '@overture/jobs';
import { archiveTable, readManifest } from '@overture/trainer/data';
import { inStore } from './paths.js';

/** What the task threads read of a dataset: its table, and the folder its image/audio paths resolve in (an archive's), else none. */
export interface DatasetTable {
  datasetFile: string;
  /** Null: paths in cells are not read (an uploaded table names no file of the worker's disk). */
  mediaRoot: string | null;
  /**
   * A dataset archive not unpacked yet (a batch prediction's upload, whose profile job runs beside
   * it): `datasetFile` is the zip, and the task thread unpacks it here first (resolveTaskTable).
   */
  archiveFolder?: string;
}

/**
 * The table of a stored dataset. A dataset uploaded as a zip of a table and its media is unpacked
 * by its profile job (under the read limits, in a task thread); its cells' paths are read inside
 * the table's folder there, and nowhere else.
 */
export async function datasetTable(dataDir: string, dataset: { storagePath: string; format: string | null }): Promise<DatasetTable> {
  const stored = inStore(dataDir, dataset.storagePath);
  if (dataset.format !== DATASET_ARCHIVE_FORMAT) return { datasetFile: stored, mediaRoot: null };
  const folder = inStore(dataDir, datasetArchiveFolder(dataset.storagePath));
  const archive = await readManifest(folder);
  if (!archive) return { datasetFile: stored, mediaRoot: null, archiveFolder: folder };
  const { tableFile, mediaRoot } = archiveTable(archive);
  return { datasetFile: tableFile, mediaRoot };
}
