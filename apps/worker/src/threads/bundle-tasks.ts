import { promises as fs } from 'node:fs';
import path from 'node:path';
import { evaluateTable, loadBundle, predictTable, readTable } from '@overture/trainer';
import { decodeMediaInputs, predictionModelsDir } from '@overture/trainer/preprocessing';
import { predictionFormats, predictionWriters } from './prediction-files.js';
import type { EvaluateTask, PredictTask, TaskResults } from './protocol.js';
import { resolveTaskTable } from './task-table.js';

/** Test statistics of a trained run's bundle on a dataset (Ludwig's `evaluate`). */
export async function runEvaluateTask(task: EvaluateTask): Promise<TaskResults['evaluate']> {
  const bundle = await loadBundle(task.modelDirectory);
  try {
    const { datasetFile, mediaRoot } = await resolveTaskTable(task);
    const table = await readTable(datasetFile, { limits: task.readLimits });
    // Image and audio cells as base64 or data URIs, or paths inside a dataset archive's folder: the platform reads no other path a table names.
    const images = await decodeMediaInputs(table, bundle.config, { root: mediaRoot, metadata: bundle.metadata, modelsDir: await predictionModelsDir(task.modelDirectory, task.modelsDir ?? null) });
    const statistics = evaluateTable(bundle, table, task.split, { images });
    await writeWhole(task.outputFile, JSON.stringify(statistics, null, 2) + '\n');
    return { rows: table.rowCount, statistics };
  } finally {
    bundle.model.dispose();
  }
}

/**
 * Predictions for every row of a dataset with Ludwig's column names, as JSON lines in `outputFile`
 * and as CSV and Parquet beside it (same name, their own extension).
 */
export async function runPredictTask(task: PredictTask): Promise<TaskResults['predict']> {
  const bundle = await loadBundle(task.modelDirectory);
  try {
    const { datasetFile, mediaRoot } = await resolveTaskTable(task);
    const table = await readTable(datasetFile, { limits: task.readLimits });
    const images = await decodeMediaInputs(table, bundle.config, { root: mediaRoot, metadata: bundle.metadata, modelsDir: await predictionModelsDir(task.modelDirectory, task.modelsDir ?? null) });
    const { columns, records, rowErrors } = predictTable(bundle, table, { images });
    const base = task.outputFile.replace(/\.jsonl$/, '');
    const files = predictionFormats.map((format) => ({ format, path: format === 'jsonl' ? task.outputFile : `${base}.${format}` }));
    for (const file of files) await writeWhole(file.path, predictionWriters[file.format](columns, records));
    return { rows: records.length, failedRows: rowErrors.length, files };
  } finally {
    bundle.model.dispose();
  }
}

/**
 * Writes `file` whole or not at all: a worker killed mid-write leaves only `.partial-<name>` beside
 * it (the prefix the web's orphan sweep removes once stale), never half a result under its name.
 */
async function writeWhole(file: string, text: string | Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const partial = path.join(path.dirname(file), `.partial-${path.basename(file)}`);
  await fs.writeFile(partial, text);
  await fs.rename(partial, file);
}
