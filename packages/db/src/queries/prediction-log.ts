import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { predictionLog } from '../schema/index.js';

export type PredictionLogEntry = typeof predictionLog.$inferSelect;
export type NewPredictionLogEntry = Omit<typeof predictionLog.$inferInsert, 'id' | 'createdAt'>;
export type PredictionRole = PredictionLogEntry['role'];

export async function recordPredictions(db: Database, entries: readonly NewPredictionLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(predictionLog).values([...entries]);
}

/**
 * Keeps a deployment's log within its bounds: entries older than `maxAgeDays` and all but the newest
 * `maxEntries` are deleted (one statement, using the (deployment, id) index). Resolves with how many.
 */
export async function prunePredictionLog(db: Database, deploymentId: string, bounds: { maxEntries: number; maxAgeDays: number }): Promise<number> {
  const result = await db.$client.query(
    `DELETE FROM prediction_log WHERE deployment_id = $1 AND (
       created_at < now() - make_interval(days => $2::int)
       OR id <= (SELECT id FROM prediction_log WHERE deployment_id = $1 ORDER BY id DESC OFFSET $3 LIMIT 1))`,
    [deploymentId, bounds.maxAgeDays, bounds.maxEntries],
  );
  return result.rowCount ?? 0;
}

/** The newest entries of a deployment, newest first; `beforeId` pages back. */
export async function listPredictionLog(db: Database, deploymentId: string, options: { roles?: PredictionRole[]; beforeId?: number; limit?: number } = {}): Promise<PredictionLogEntry[]> {
  const conditions = [eq(predictionLog.deploymentId, deploymentId)];
  if (options.roles) conditions.push(inArray(predictionLog.role, options.roles));
  if (options.beforeId !== undefined) conditions.push(lt(predictionLog.id, options.beforeId));
  return db.select().from(predictionLog).where(and(...conditions)).orderBy(desc(predictionLog.id)).limit(Math.min(options.limit ?? 100, 5_000));
}

/** How many entries a deployment's log holds per role. */
export async function countPredictionLog(db: Database, deploymentId: string): Promise<Record<PredictionRole, number>> {
  const rows = await db.select({ role: predictionLog.role, count: sql<number>`count(*)::int` }).from(predictionLog)
    .where(eq(predictionLog.deploymentId, deploymentId)).groupBy(predictionLog.role);
  const counts: Record<PredictionRole, number> = { primary: 0, canary: 0, shadow: 0 };
  for (const row of rows) counts[row.role] = row.count;
  return counts;
}
