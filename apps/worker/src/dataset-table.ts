import { DATASET_ARCHIVE_FORMAT, datasetArchiveFolder } from '@overture/jobs';
import { archiveTable, readManifest } from '@overture/trainer/data';
import { inStore } from './paths.js';
import { TaskError } from './threads/run-task.js';

/** What the task threads read of a dataset: its table, and the folder its image/audio paths resolve in (an archive's), else none. */
export interface DatasetTable {
  datasetFile: string;
  /** Null: paths in cells are not read (an uploaded table names no file of the worker's disk). */
  mediaRoot: string | null;
}

/**
 * The table of a stored dataset. A dataset uploaded as a zip of a table and its media was unpacked
 * by its profile job (under the read limits, in a task thread); its cells' paths are read inside
 * the table's folder there, and nowhere else.
 */
export async function datasetTable(dataDir: string, dataset: { storagePath: string; format: string | null }): Promise<DatasetTable> {
  if (dataset.format !== DATASET_ARCHIVE_FORMAT) return { datasetFile: inStore(dataDir, dataset.storagePath), mediaRoot: null };
  const archive = await readManifest(inStore(dataDir, datasetArchiveFolder(dataset.storagePath)));
  if (!archive) {
    throw new TaskError({ name: 'OvertureError', code: 'invalid_data', message: "this dataset's archive has not been unpacked (its profile failed or its files were removed): upload the archive again" });
  }
  const { tableFile, mediaRoot } = archiveTable(archive);
  return { datasetFile: tableFile, mediaRoot };
}
