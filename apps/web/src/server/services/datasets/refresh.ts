import { promises as fs } from 'node:fs';
import { createDataset, getSourceConnection, recordAudit, type Dataset } from '@overture/db';
import { z } from 'zod';
import { assertCanChange, type Actor } from '../../auth/actor';
import type { AppContext } from '../../context';
import { decryptSecret } from '../../crypto';
import { ApiError, conflict, notFound } from '../../errors';
import { snapshotQuery } from '../sources/snapshot';
import { ZSqlSource } from '../sources/source-url';
import { inStore } from '../store-paths';
import { requireDataset, sqlSnapshotRow, sqlSourcePolicy, startProfiling } from './service';

/** What a SQL dataset stores about its source (`sqlSnapshotRow`), as much as a refresh needs. */
const ZStoredSqlSource = z.object({ type: ZSqlSource.shape.type, query: z.string().min(1), connectionId: z.uuid() });

const suffix = / \(refreshed \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$/;

/** "orders (refreshed 2026-11-26 14:03 UTC)": the original name, whichever snapshot is refreshed. */
export function refreshedName(name: string, at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace('T', ' ');
  return `${name.replace(suffix, '')} (refreshed ${stamp} UTC)`;
}

/**
 * `POST /api/datasets/:id/refresh`: runs a SQL dataset's stored query again — read-only, with the
 * same timeout and row cap as when it was created — into a NEW dataset that points back at this
 * one, then profiles it. A snapshot is never rewritten in place: runs trained on it keep exactly
 * their data, so their metrics stay reproducible.
 */
export async function refreshSqlDataset(ctx: AppContext, actor: Actor, id: string): Promise<Dataset> {
  const previous = await requireDataset(ctx, id);
  // The refresh runs with the stored credentials of the dataset's owner: only they (or an admin) may use them.
  assertCanChange(actor, previous.ownerId, 'the dataset owner', 'refresh it (the query runs with their stored credentials)');
  const stored = ZStoredSqlSource.safeParse(previous.sourceDetails);
  if (previous.source !== 'sql' || !stored.success) {
    const how = previous.source === 'upload' ? 'uploaded from a file' : `added as a ${previous.source} dataset`;
    throw conflict(`dataset '${previous.name}' was ${how}, not taken from a SQL query, so there is no source to refresh it from; upload the newer data as a new dataset instead.`);
  }
  const { type, query, connectionId } = stored.data;
  const connection = await getSourceConnection(ctx.db, connectionId);
  if (!connection) throw conflict(`the connection dataset '${previous.name}' was taken from is no longer stored; snapshot the query again from New dataset → SQL query.`);
  let url: string;
  try {
    url = decryptSecret(connection.encryptedUrl, ctx.env.secret);
  } catch {
    throw conflict(`the stored credentials of this source cannot be decrypted: OVERTURE_SECRET has changed since '${previous.name}' was taken. Snapshot the query again from New dataset → SQL query.`);
  }

  let snapshot;
  try {
    snapshot = await snapshotQuery({ type, url, query }, sqlSourcePolicy(ctx), ctx.env.dataDir);
  } catch (error) {
    // The words of the create flow, without its `source.url`/`source.query` pointers: this request has no body.
    if (error instanceof ApiError) throw new ApiError(error.code, error.message);
    throw error;
  }
  let dataset: Dataset;
  try {
    dataset = await createDataset(ctx.db, {
      ...sqlSnapshotRow(snapshot, { query, connectionId: connection.id, rowCap: ctx.env.OVERTURE_SQL_ROW_CAP }),
      ownerId: actor.userId, name: refreshedName(previous.name, new Date()), refreshedFromId: previous.id,
    });
  } catch (error) {
    await fs.rm(inStore(ctx.env.dataDir, snapshot.storagePath), { force: true }).catch(() => undefined);
    if ((error as { code?: string }).code === '23503') throw notFound(`dataset ${id}`); // deleted while its query ran
    throw error;
  }
  await recordAudit(ctx.db, {
    actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'dataset.refresh', targetType: 'dataset', targetId: dataset.id,
    details: { refreshedFrom: previous.id, host: snapshot.source.host, rows: snapshot.rows },
  });
  return startProfiling(ctx, dataset);
}
