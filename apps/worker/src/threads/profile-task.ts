import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { profileTable, readTable, writeTableCsv } from '@overture/trainer';
import type { ProfileTask, TaskResults } from './protocol.js';

export async function runProfileTask(task: ProfileTask): Promise<TaskResults['profile']> {
  const table = await readTable(task.datasetFile, { limits: task.readLimits });
  // No folder to probe: the platform reads no image or audio paths (training refuses them by row), so
  // a column of paths is not offered as images; images arrive as data URIs, which inference sees.
  const profile = profileTable(table);
  if (task.preview) {
    await mkdir(path.dirname(task.preview.file), { recursive: true });
    await writeTableCsv(table, task.preview.file, task.preview.maxRows);
  }
  return { profile, rowCount: table.rowCount };
}
