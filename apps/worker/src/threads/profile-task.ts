import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { profileTable, readTable, writeTableCsv } from '@overture/trainer';
import type { ProfileTask, TaskResults } from './protocol.js';

export async function runProfileTask(task: ProfileTask): Promise<TaskResults['profile']> {
  const table = await readTable(task.datasetFile, { limits: task.readLimits });
  const profile = profileTable(table, { baseDir: path.dirname(task.datasetFile) });
  if (task.preview) {
    await mkdir(path.dirname(task.preview.file), { recursive: true });
    await writeTableCsv(table, task.preview.file, task.preview.maxRows);
  }
  return { profile, rowCount: table.rowCount };
}
