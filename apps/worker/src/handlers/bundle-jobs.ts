import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UnrecoverableError } from 'bullmq';
import { getDataset, getRun, recordArtifact } from '@overture/db';
import { jobCatalog, parsePayload } from '@overture/jobs';
import type { Handler, WorkerContext } from '../context.js';
import { inStore, relativeToStore, storePaths } from '../paths.js';
import { withRetry } from '../retry.js';
import { runTask, TaskError } from '../threads/run-task.js';

/** The bundle of a completed run and the dataset file a job reads. */
async function inputsOf(ctx: WorkerContext, runId: string, datasetId: string) {
  const [run, dataset] = await withRetry(() => Promise.all([getRun(ctx.db, runId), getDataset(ctx.db, datasetId)]), { what: 'reading the run and dataset', log: ctx.log });
  if (!run || run.status !== 'completed') throw new UnrecoverableError(`run ${runId} has no trained model (status ${run?.status ?? 'unknown'})`);
  if (!dataset) throw new UnrecoverableError(`dataset ${datasetId} does not exist`);
  return { modelDirectory: storePaths.bundle(ctx.dataDir, runId), datasetFile: inStore(ctx.dataDir, dataset.storagePath) };
}

function unrecoverableIfUserError(error: unknown): unknown {
  const e = error as TaskError;
  return e instanceof TaskError && e.code && e.code !== 'internal' ? new UnrecoverableError(e.message) : error;
}

/** `training.evaluate`: Ludwig's test statistics of a run's model on a dataset (or one of its splits). */
export const handleTrainingEvaluate: Handler<'training.evaluate'> = async (ctx, job) => {
  const { runId, datasetId, split = 'full' } = parsePayload('training.evaluate', job.data);
  const inputs = await inputsOf(ctx, runId, datasetId);
  const outputFile = path.join(storePaths.run(ctx.dataDir, runId), 'evaluations', `${job.id}.json`);
  try {
    const { rows } = await runTask({ kind: 'evaluate', ...inputs, split, outputFile, readLimits: ctx.readLimits }, { backend: ctx.backend, timeoutMs: jobCatalog['training.evaluate'].timeoutMs }).result;
    const artifact = await withRetry(async () => recordArtifact(ctx.db, {
      runId, datasetId, kind: 'evaluation', path: relativeToStore(ctx.dataDir, outputFile), sizeBytes: (await fs.stat(outputFile)).size,
      contentType: 'application/json', metadata: { split, rows },
    }), { what: 'recording the evaluation', log: ctx.log });
    return { artifactId: artifact.id, rows };
  } catch (error) {
    throw unrecoverableIfUserError(error);
  }
};

/** `prediction.batch`: predictions for every row of a dataset as JSON lines (Ludwig's column names). */
export const handlePredictionBatch: Handler<'prediction.batch'> = async (ctx, job) => {
  const { runId, datasetId } = parsePayload('prediction.batch', job.data);
  const inputs = await inputsOf(ctx, runId, datasetId);
  const outputFile = path.join(storePaths.run(ctx.dataDir, runId), 'predictions', `${job.id}.jsonl`);
  try {
    const { rows, failedRows } = await runTask({ kind: 'predict', ...inputs, outputFile, readLimits: ctx.readLimits }, { backend: ctx.backend, timeoutMs: jobCatalog['prediction.batch'].timeoutMs }).result;
    const artifact = await withRetry(async () => recordArtifact(ctx.db, {
      runId, datasetId, kind: 'predictions', path: relativeToStore(ctx.dataDir, outputFile), sizeBytes: (await fs.stat(outputFile)).size,
      contentType: 'application/x-ndjson', metadata: { rows, failedRows },
    }), { what: 'recording the predictions', log: ctx.log });
    return { artifactId: artifact.id, rows, failedRows };
  } catch (error) {
    throw unrecoverableIfUserError(error);
  }
};
