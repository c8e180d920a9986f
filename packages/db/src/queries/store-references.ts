import { inArray } from 'drizzle-orm';
import type { Database } from '../client.js';
import { datasets, runs } from '../schema/index.js';

/** Which of these run ids have a row (the orphan sweep keeps their folders). */
export async function existingRunIds(db: Database, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: runs.id }).from(runs).where(inArray(runs.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** Which of these store paths (relative to DATA_DIR) a dataset row points at. */
export async function referencedDatasetPaths(db: Database, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const rows = await db.select({ path: datasets.storagePath }).from(datasets).where(inArray(datasets.storagePath, paths));
  return new Set(rows.map((r) => r.path));
}
