import { UnrecoverableError } from 'bullmq';
import { getDataset, saveDatasetProfile, updateDataset } from '@overture/db';
import { jobCatalog, parsePayload } from '@overture/jobs';
import type { Handler } from '../context.js';
import { inStore } from '../paths.js';
import { withRetry } from '../retry.js';
import { runTask, TaskError } from '../threads/run-task.js';

/** `dataset.profile`: per-column statistics and inferred feature types into dataset_columns. */
export const handleDatasetProfile: Handler<'dataset.profile'> = async (ctx, job) => {
  const { datasetId } = parsePayload('dataset.profile', job.data);
  const dataset = await withRetry(() => getDataset(ctx.db, datasetId), { what: 'reading the dataset row', log: ctx.log });
  if (!dataset) throw new UnrecoverableError(`dataset ${datasetId} does not exist`);
  await withRetry(() => updateDataset(ctx.db, datasetId, { status: 'profiling', error: null }), { what: 'updating the dataset', log: ctx.log });
  try {
    const task = runTask({ kind: 'profile', datasetFile: inStore(ctx.dataDir, dataset.storagePath) }, { timeoutMs: jobCatalog['dataset.profile'].timeoutMs });
    const { profile, rowCount } = await task.result;
    await withRetry(() => saveDatasetProfile(ctx.db, datasetId, profile), { what: 'storing the profile', log: ctx.log });
    return { rowCount, columns: profile.columns.length };
  } catch (error) {
    const e = error as TaskError;
    const userError = Boolean(e.code && e.code !== 'internal') || (e as { code?: string }).code === 'ENOENT';
    if (userError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await updateDataset(ctx.db, datasetId, { status: 'failed', error: e.message }).catch(() => undefined);
    }
    throw userError ? new UnrecoverableError(e.message) : error;
  }
};
