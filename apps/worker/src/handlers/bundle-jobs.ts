import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { getDataset, getRun, recordArtifact, updateBatchPrediction } from '@overture/db';
import { jobCatalog, parsePayload } from '@overture/jobs';
import type { Handler, WorkerContext } from '../context.js';
import { inStore, relativeToStore, storePaths } from '../paths.js';
import { datasetTable } from '../dataset-table.js';
import { withRetry } from '../retry.js';
import { predictionContentTypes, predictionFormats } from '../threads/prediction-files.js';
import { runTask, TaskError } from '../threads/run-task.js';

/** The bundle of a completed run and the dataset file a job reads. */
async function inputsOf(ctx: WorkerContext, runId: string, datasetId: string) {
  const [run, dataset] = await withRetry(() => Promise.all([getRun(ctx.db, runId), getDataset(ctx.db, datasetId)]), { what: 'reading the run and dataset', log: ctx.log });
  if (!run || run.status !== 'completed') throw new UnrecoverableError(`run ${runId} has no trained model (status ${run?.status ?? 'unknown'})`);
  if (!dataset) throw new UnrecoverableError(`dataset ${datasetId} does not exist`);
  return { modelDirectory: storePaths.bundle(ctx.dataDir, runId), ...(await datasetTable(ctx.dataDir, dataset)) };
}

function unrecoverableIfUserError(error: unknown): unknown {
  const e = error as TaskError;
  return e instanceof TaskError && e.code && e.code !== 'internal' ? new UnrecoverableError(e.message) : error;
}

/**
 * `training.evaluate`: Ludwig's test statistics of a run's model on a dataset (or one of its splits).
 * The file is named after its artifact row's id (chosen here), never the BullMQ job id: those restart
 * at 1 when Redis is emptied, and a new job would overwrite an old result.
 */
export const handleTrainingEvaluate: Handler<'training.evaluate'> = async (ctx, job) => {
  const { runId, datasetId, split = 'full' } = parsePayload('training.evaluate', job.data);
  const inputs = await inputsOf(ctx, runId, datasetId);
  const artifactId = randomUUID();
  const outputFile = path.join(storePaths.run(ctx.dataDir, runId), 'evaluations', `${artifactId}.json`);
  try {
    const { rows } = await runTask({ kind: 'evaluate', ...inputs, split, outputFile, readLimits: ctx.readLimits, modelsDir: ctx.modelsDir }, { backend: ctx.backend, timeoutMs: jobCatalog['training.evaluate'].timeoutMs }).result;
    const artifact = await withRetry(async () => recordArtifact(ctx.db, {
      id: artifactId, runId, datasetId, kind: 'evaluation', path: relativeToStore(ctx.dataDir, outputFile), sizeBytes: (await fs.stat(outputFile)).size,
      contentType: 'application/json', metadata: { split, rows },
    }), { what: 'recording the evaluation', log: ctx.log });
    return { artifactId: artifact.id, rows };
  } catch (error) {
    await fs.rm(outputFile, { force: true });
    throw unrecoverableIfUserError(error);
  }
};

/**
 * `prediction.batch`: predictions for every row of a dataset (Ludwig's column names) in
 * `predictions/<batch prediction id>.jsonl`, `.csv` and `.parquet`, one artifact each (metadata:
 * batchPredictionId, format); the batch_predictions row points at the JSON lines and follows the job's state.
 */
export const handlePredictionBatch: Handler<'prediction.batch'> = async (ctx, job) => {
  const { runId, datasetId, batchPredictionId } = parsePayload('prediction.batch', job.data);
  // A job queued before batch predictions had rows gets a fresh id: still nothing keyed by Redis.
  const id = batchPredictionId ?? randomUUID();
  const update = (input: Parameters<typeof updateBatchPrediction>[2]) => (batchPredictionId
    ? withRetry(() => updateBatchPrediction(ctx.db, batchPredictionId, input), { what: 'updating the batch prediction', log: ctx.log })
    : Promise.resolve(null));
  const outputFile = path.join(storePaths.run(ctx.dataDir, runId), 'predictions', `${id}.jsonl`);
  try {
    const inputs = await inputsOf(ctx, runId, datasetId);
    await update({ status: 'running', error: null });
    const { rows, failedRows, files } = await runTask({ kind: 'predict', ...inputs, outputFile, readLimits: ctx.readLimits, modelsDir: ctx.modelsDir }, { backend: ctx.backend, timeoutMs: jobCatalog['prediction.batch'].timeoutMs }).result;
    const artifacts = [];
    for (const file of files) {
      artifacts.push(await withRetry(async () => recordArtifact(ctx.db, {
        runId, datasetId, kind: 'predictions', path: relativeToStore(ctx.dataDir, file.path), sizeBytes: (await fs.stat(file.path)).size,
        contentType: predictionContentTypes[file.format], metadata: { rows, failedRows, format: file.format, ...(batchPredictionId ? { batchPredictionId } : {}) },
      }), { what: `recording the predictions (${file.format})`, log: ctx.log }));
    }
    const primary = artifacts[files.findIndex((f) => f.format === 'jsonl')]!;
    await update({ status: 'completed', rows, failedRows, artifactId: primary.id });
    return { artifactId: primary.id, rows, failedRows };
  } catch (error) {
    const failure = unrecoverableIfUserError(error);
    if (failure instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      for (const format of predictionFormats) await fs.rm(format === 'jsonl' ? outputFile : outputFile.replace(/\.jsonl$/, `.${format}`), { force: true });
      await update({ status: 'failed', error: (failure as Error).message }).catch(() => undefined);
    }
    throw failure;
  }
};
