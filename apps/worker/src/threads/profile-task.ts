import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { profileTable, readTable, writeTableCsv } from '@overture/trainer';
import { archiveTable, profileImageColumn, unpackDatasetArchive } from '@overture/trainer/data';
import type { ProfileTask, TaskResults } from './protocol.js';

export async function runProfileTask(task: ProfileTask): Promise<TaskResults['profile']> {
  // A zip of a table and its media is unpacked here, in the task thread (a bomb ends this thread, not the worker).
  const archive = task.archiveFolder ? archiveTable(await unpackDatasetArchive(task.datasetFile, task.archiveFolder, task.readLimits)) : null;
  const table = await readTable(archive?.tableFile ?? task.datasetFile, { limits: task.readLimits });
  // Paths are probed only inside an archive's folder (Ludwig's image/audio inference); a plain upload
  // names no file of the worker's disk, so its images arrive as data URIs, which inference sees.
  const profile = profileTable(table, archive ? { baseDir: archive.mediaRoot } : {});
  if (task.thumbnailsFolder) {
    // Sizes, channels and thumbnails of each image column's first pictures, read as training reads them.
    for (const [position, column] of profile.columns.entries()) {
      if (column.inferredType !== 'image') continue;
      const { profile: image, thumbnails } = await profileImageColumn(table.data[column.name] ?? [], archive?.mediaRoot ?? null);
      await mkdir(task.thumbnailsFolder, { recursive: true });
      for (const [n, png] of thumbnails.entries()) await writeFile(path.join(task.thumbnailsFolder, `${position}-${n}.png`), png);
      column.image = image;
    }
  }
  if (task.preview) {
    await mkdir(path.dirname(task.preview.file), { recursive: true });
    await writeTableCsv(table, task.preview.file, task.preview.maxRows);
  }
  return { profile, rowCount: table.rowCount };
}
