import { promises as fs } from 'node:fs';
import path from 'node:path';
import { featureTypes } from '@overture/config';
import {
  PREDICTION_INPUT, createDataset, createSourceConnection, deleteDatasetAndRuns, getDataset, getDatasetColumns, getDatasetDependents, recordAudit,
  listDatasetRefreshes, setColumnType, updateDataset, type Dataset, type DatasetColumn,
} from '@overture/db';
import { datasetArchiveFolder, datasetPreviewPath, datasetThumbnailsFolder, enqueue } from '@overture/jobs';
import type { Actor } from '../../auth/actor';
import { assertCanChange } from '../../auth/actor';
import type { AppContext } from '../../context';
import { encryptSecret } from '../../crypto';
import { ApiError, badInput, conflict, notFound } from '../../errors';
import { snapshotQuery, type Snapshot, type SourcePolicy } from '../sources/snapshot';
import type { SqlSource } from '../sources/source-url';
import { inStore } from '../store-paths';
import type { DatasetLineage } from './describe';
import { receiveUpload } from './upload';
import { currentRequestId } from '../../observability/request-scope';

export async function requireDataset(ctx: AppContext, id: string): Promise<Dataset> {
  const dataset = await getDataset(ctx.db, id);
  if (!dataset) throw notFound(`dataset ${id}`);
  return dataset;
}

/** Marks the dataset profiling and queues the worker's `dataset.profile` (the row first, then the job). */
export async function startProfiling(ctx: AppContext, dataset: Dataset): Promise<Dataset> {
  try {
    await enqueue(ctx.queues, 'dataset.profile', { datasetId: dataset.id }, {}, { requestId: currentRequestId() });
  } catch (error) {
    await updateDataset(ctx.db, dataset.id, { status: 'failed', error: 'the job queue (Redis) could not be reached; upload again.' });
    throw new ApiError('unavailable', `the job queue is unavailable (${(error as Error).message}).`);
  }
  return dataset;
}

/** `POST /api/datasets` with multipart/form-data: the file streams to DATA_DIR, then profiling is queued. */
export async function createUploadedDataset(ctx: AppContext, actor: Actor, request: Request, { predictionInput = false }: { predictionInput?: boolean } = {}): Promise<Dataset> {
  const file = await receiveUpload(request, ctx.env.dataDir, ctx.env.OVERTURE_MAX_UPLOAD_BYTES);
  const dataset = await createDataset(ctx.db, {
    id: file.id, ownerId: actor.userId, name: file.name ?? file.fileName, source: 'upload',
    // A batch prediction's input is kept (lineage, reruns) but is not listed among the user's datasets.
    sourceDetails: { fileName: file.fileName, ...(predictionInput ? { purpose: PREDICTION_INPUT } : {}) }, storagePath: file.storagePath, format: file.format,
    contentHash: file.contentHash, sizeBytes: file.sizeBytes, status: 'profiling',
  });
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'dataset.create', targetType: 'dataset', targetId: dataset.id, details: { source: 'upload', sizeBytes: file.sizeBytes } });
  return startProfiling(ctx, dataset);
}

/** What a snapshot query may reach and read (DESIGN "Known traps: SQL sources"); the same for a create and a refresh. */
export function sqlSourcePolicy(ctx: AppContext): SourcePolicy {
  return {
    allowPrivate: ctx.env.OVERTURE_ALLOW_PRIVATE_SOURCES, platformDatabaseUrl: ctx.env.DATABASE_URL, platformRedisUrl: ctx.env.REDIS_URL,
    rowCap: ctx.env.OVERTURE_SQL_ROW_CAP, timeoutMs: ctx.env.OVERTURE_SQL_TIMEOUT_MS,
  };
}

/**
 * The dataset row of a SQL snapshot, profiling: its CSV file, and what it was taken from (never
 * the URL) — shown on its page, and what a refresh runs again.
 */
export function sqlSnapshotRow(snapshot: Snapshot, from: { query: string; connectionId: string; rowCap: number }) {
  const { source } = snapshot;
  return {
    id: snapshot.id, source: 'sql' as const, storagePath: snapshot.storagePath, format: 'csv', contentHash: snapshot.contentHash, sizeBytes: snapshot.sizeBytes, status: 'profiling' as const,
    sourceDetails: { type: source.type, host: source.host, port: source.port, database: source.database, query: from.query, connectionId: from.connectionId, rows: snapshot.rows, truncated: snapshot.truncated, rowCap: from.rowCap },
  };
}

/** `POST /api/datasets` with `{name, source}`: the query's rows are snapshotted into the store, then profiled. */
export async function createSqlDataset(ctx: AppContext, actor: Actor, input: { name: string; source: SqlSource }): Promise<Dataset> {
  const snapshot = await snapshotQuery(input.source, sqlSourcePolicy(ctx), ctx.env.dataDir);
  const { source } = snapshot;
  const connection = await createSourceConnection(ctx.db, {
    ownerId: actor.userId, type: source.type, host: source.host, port: source.port, database: source.database,
    encryptedUrl: encryptSecret(input.source.url, ctx.env.secret),
  });
  const dataset = await createDataset(ctx.db, {
    ...sqlSnapshotRow(snapshot, { query: input.source.query, connectionId: connection.id, rowCap: ctx.env.OVERTURE_SQL_ROW_CAP }),
    ownerId: actor.userId, name: input.name,
  });
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'dataset.create', targetType: 'dataset', targetId: dataset.id, details: { source: 'sql', host: source.host, rows: snapshot.rows } });
  return startProfiling(ctx, dataset);
}

/** Overrides a column's feature type (used by auto-config from then on). */
export async function overrideColumnType(ctx: AppContext, actor: Actor, datasetId: string, column: string, type: string): Promise<void> {
  const dataset = await requireDataset(ctx, datasetId);
  assertCanChange(actor, dataset.ownerId, 'the dataset owner', 'change its column types');
  if (!(featureTypes as readonly string[]).includes(type)) throw badInput(`'${type}' is not a feature type; use one of ${featureTypes.join(', ')}.`, [{ path: 'type', message: 'unknown feature type' }]);
  if (!(await setColumnType(ctx.db, datasetId, column, type))) throw notFound(`column '${column}' of dataset ${datasetId}`);
}

export interface DatasetDeletion {
  deleted: boolean;
  runs: number;
  models: number;
  files: number;
  bytes: number;
}

/**
 * Deletes a dataset with its runs and their files (models trained on it stay, without a dataset).
 * Refused while one of its runs is deployed. `dryRun` says what would go.
 */
export async function deleteDataset(ctx: AppContext, actor: Actor, id: string, dryRun: boolean): Promise<DatasetDeletion> {
  const dataset = await requireDataset(ctx, id);
  assertCanChange(actor, dataset.ownerId, 'the dataset owner', 'delete it');
  const dependents = await getDatasetDependents(ctx.db, id);
  if (dependents.deploymentNames.length > 0) throw conflict(`runs of this dataset are deployed as ${dependents.deploymentNames.join(', ')}: delete those deployments first.`);
  const result = { runs: dependents.runIds.length, models: dependents.modelIds.length, files: 1 + dependents.runIds.length, bytes: dataset.sizeBytes ?? 0 };
  if (dryRun) return { deleted: false, ...result };
  await deleteDatasetAndRuns(ctx.db, id);
  const removals = [inStore(ctx.env.dataDir, dataset.storagePath), inStore(ctx.env.dataDir, datasetPreviewPath(id)), inStore(ctx.env.dataDir, datasetArchiveFolder(dataset.storagePath)), inStore(ctx.env.dataDir, datasetThumbnailsFolder(id)), ...dependents.runIds.map((runId) => path.join(ctx.env.dataDir, 'runs', runId))];
  await Promise.all(removals.map((p) => fs.rm(p, { recursive: true, force: true }).catch((e: Error) => ctx.log(`could not remove ${p}: ${e.message}`))));
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'dataset.delete', targetType: 'dataset', targetId: id, details: result });
  return { deleted: true, ...result };
}

/** A dataset with its column summaries and the snapshots it was refreshed from and into. */
export async function datasetWithColumns(ctx: AppContext, id: string): Promise<{ dataset: Dataset; columns: DatasetColumn[]; lineage: DatasetLineage }> {
  const dataset = await requireDataset(ctx, id);
  const [columns, refreshedFrom, refreshes] = await Promise.all([
    getDatasetColumns(ctx.db, id),
    dataset.refreshedFromId ? getDataset(ctx.db, dataset.refreshedFromId) : null,
    dataset.source === 'sql' ? listDatasetRefreshes(ctx.db, id) : [],
  ]);
  return { dataset, columns, lineage: { refreshedFrom, refreshes } };
}
