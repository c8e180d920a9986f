import { archiveTable, unpackDatasetArchive, type ReadLimits } from '@overture/trainer/data';

/**
 * The table a task reads and the folder its media paths resolve in. A dataset archive its profile
 * job has not unpacked yet (a batch prediction's upload is profiled beside the prediction) is
 * unpacked here, in the task thread, under the read limits; whichever of the two finishes first
 * leaves the folder, and the other reuses it.
 */
export async function resolveTaskTable(task: { datasetFile: string; mediaRoot?: string | null; archiveFolder?: string; readLimits?: ReadLimits }): Promise<{ datasetFile: string; mediaRoot: string | null }> {
  if (!task.archiveFolder) return { datasetFile: task.datasetFile, mediaRoot: task.mediaRoot ?? null };
  const { tableFile, mediaRoot } = archiveTable(await unpackDatasetArchive(task.datasetFile, task.archiveFolder, task.readLimits));
  return { datasetFile: tableFile, mediaRoot };
}
