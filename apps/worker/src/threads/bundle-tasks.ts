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
    await fs.mkdir(path.dirname(task.outputFile), { recursive: true });
    await fs.writeFile(task.outputFile, JSON.stringify(statistics, null, 2) + '\n');
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
    await fs.mkdir(path.dirname(task.outputFile), { recursive: true });
    await fs.writeFile(task.outputFile, records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
    return { rows: records.length, failedRows: rowErrors.length };
  } finally {
    bundle.model.dispose();
  }
}
