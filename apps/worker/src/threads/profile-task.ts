import path from 'node:path';
import { profileTable, readTable } from '@overture/trainer';
import type { ProfileTask, TaskResults } from './protocol.js';

export async function runProfileTask(task: ProfileTask): Promise<TaskResults['profile']> {
  const table = await readTable(task.datasetFile);
  const profile = profileTable(table, { baseDir: path.dirname(task.datasetFile) });
  return { profile, rowCount: table.rowCount };
}
