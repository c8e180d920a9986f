import { promises as fs } from 'node:fs';
import path from 'node:path';
import { evaluateTable, loadBundle, predictTable, readTable } from '@overture/trainer';
import type { EvaluateTask, PredictTask, TaskResults } from './protocol.js';

/** Test statistics of a trained run's bundle on a dataset (Ludwig's `evaluate`). */
export async function runEvaluateTask(task: EvaluateTask): Promise<TaskResults['evaluate']> {
  const bundle = await loadBundle(task.modelDirectory);
  try {
    const table = await readTable(task.datasetFile, { limits: task.readLimits });
    const statistics = evaluateTable(bundle, table, task.split);
    await writeWhole(task.outputFile, JSON.stringify(statistics, null, 2) + '\n');
    return { rows: table.rowCount, statistics };
  } finally {
    bundle.model.dispose();
  }
}

/** Predictions for every row of a dataset, one JSON record per line, Ludwig's column names. */
export async function runPredictTask(task: PredictTask): Promise<TaskResults['predict']> {
  const bundle = await loadBundle(task.modelDirectory);
  try {
    const table = await readTable(task.datasetFile, { limits: task.readLimits });
    const { records, rowErrors } = predictTable(bundle, table);
    await writeWhole(task.outputFile, records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
    return { rows: records.length, failedRows: rowErrors.length };
  } finally {
    bundle.model.dispose();
  }
}

/**
 * Writes `file` whole or not at all: a worker killed mid-write leaves only `.partial-<name>` beside
 * it (the prefix the web's orphan sweep removes once stale), never half a result under its name.
 */
async function writeWhole(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const partial = path.join(path.dirname(file), `.partial-${path.basename(file)}`);
  await fs.writeFile(partial, text);
  await fs.rename(partial, file);
}
