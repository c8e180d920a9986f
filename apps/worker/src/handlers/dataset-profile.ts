import { UnrecoverableError } from 'bullmq';
import { getDataset, saveDatasetProfile, updateDataset } from '@overture/db';
import { DATASET_ARCHIVE_FORMAT, datasetArchiveFolder, datasetPreviewPath, datasetThumbnailsFolder, isPreviewedByProfile, jobCatalog, parsePayload } from '@overture/jobs';
import path from 'node:path';
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
    const preview = isPreviewedByProfile(dataset.format) ? { file: inStore(ctx.dataDir, datasetPreviewPath(datasetId)), maxRows: ctx.previewRows } : undefined;
    const datasetFile = inStore(ctx.dataDir, dataset.storagePath);
    const archiveFolder = dataset.format === DATASET_ARCHIVE_FORMAT ? inStore(ctx.dataDir, datasetArchiveFolder(dataset.storagePath)) : undefined;
    const thumbnailsFolder = inStore(ctx.dataDir, datasetThumbnailsFolder(datasetId));
    const task = runTask({ kind: 'profile', datasetFile, readLimits: ctx.readLimits, preview, thumbnailsFolder, ...(archiveFolder ? { archiveFolder } : {}) }, { timeoutMs: jobCatalog['dataset.profile'].timeoutMs });
    const { profile, rowCount } = await task.result;
    if (rowCount === 0) {
      // A header with no rows profiles fine, but a dataset of 0 rows cannot train anything.
      throw Object.assign(new Error(`${shownName(dataset)} has a header but no rows: add at least one row of data and upload it again.`), { code: 'invalid_data' });
    }
    await withRetry(() => saveDatasetProfile(ctx.db, datasetId, profile), { what: 'storing the profile', log: ctx.log });
    return { rowCount, columns: profile.columns.length };
  } catch (caught) {
    const error = namingTheUpload(outOfMemoryAsDataError(caught, shownName(dataset)), dataset, inStore(ctx.dataDir, dataset.storagePath));
    const e = error as TaskError;
    const userError = Boolean(e.code && e.code !== 'internal') || (e as { code?: string }).code === 'ENOENT';
    if (userError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await updateDataset(ctx.db, datasetId, { status: 'failed', error: e.message }).catch(() => undefined);
    }
    throw userError ? new UnrecoverableError(e.message) : error;
  }
};

/** The file as the user knows it: the name they uploaded, not the store's `<uuid>.csv`. */
function shownName(dataset: { name: string; storagePath: string; sourceDetails: Record<string, unknown> }): string {
  const fileName = dataset.sourceDetails.fileName;
  return typeof fileName === 'string' && fileName !== '' ? fileName : dataset.name || path.basename(dataset.storagePath);
}

/** Readers name the file they read (the stored copy); a user reads the name they uploaded. */
function namingTheUpload(error: unknown, dataset: Parameters<typeof shownName>[0], storedFile: string): unknown {
  if (!(error instanceof Error)) return error;
  const shown = shownName(dataset);
  error.message = error.message.replaceAll(storedFile, shown).replaceAll(path.basename(dataset.storagePath), shown);
  return error;
}

/**
 * The read limits stop known bombs with their own words; anything that still fills a task
 * thread's heap ends that thread alone (Node terminates it with ERR_WORKER_OUT_OF_MEMORY), and
 * the dataset gets a sentence instead of V8's.
 */
function outOfMemoryAsDataError(error: unknown, fileName: string): unknown {
  if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
  return Object.assign(new Error(`${fileName}: reading it needed more memory than the worker has; the file may be a decompression bomb or too big to profile. Split it, or save it as CSV.`), { code: 'invalid_data' });
}
