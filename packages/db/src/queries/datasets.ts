import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DatasetProfile } from '@overture/config';
import type { Database } from '../client.js';
import { datasetColumns, datasets } from '../schema/index.js';

export type Dataset = typeof datasets.$inferSelect;
export type NewDataset = typeof datasets.$inferInsert;
export type DatasetColumn = typeof datasetColumns.$inferSelect;

export async function createDataset(db: Database, input: NewDataset): Promise<Dataset> {
  const [row] = await db.insert(datasets).values(input).returning();
  return row;
}

export async function getDataset(db: Database, id: string): Promise<Dataset | null> {
  const [row] = await db.select().from(datasets).where(eq(datasets.id, id));
  return row ?? null;
}

export async function updateDataset(db: Database, id: string, patch: Partial<Omit<NewDataset, 'id'>>): Promise<Dataset | null> {
  const [row] = await db.update(datasets).set({ ...patch, updatedAt: sql`now()` }).where(eq(datasets.id, id)).returning();
  return row ?? null;
}

/** Column profiles per INSERT (11 bind parameters each). */
const PROFILE_INSERT_ROWS = 1_000;

/** Replaces the dataset's column profiles and marks it ready, in one transaction. */
export async function saveDatasetProfile(db: Database, datasetId: string, profile: DatasetProfile): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(datasetColumns).where(eq(datasetColumns.datasetId, datasetId));
    // In chunks: one INSERT of 20,000 columns overflows drizzle's query builder (it recurses per
    // value) and Postgres' 65,535 bind parameters (11 per row).
    for (let start = 0; start < profile.columns.length; start += PROFILE_INSERT_ROWS) {
      await tx.insert(datasetColumns).values(profile.columns.slice(start, start + PROFILE_INSERT_ROWS).map((c, offset) => ({
        datasetId,
        position: start + offset,
        name: c.name,
        inferredType: c.inferredType,
        inferenceReason: c.inferenceReason,
        missingRatio: c.missingRatio,
        distinctCount: c.distinctCount,
        topValues: c.topValues,
        histogram: c.histogram,
        stats: { rowCount: c.rowCount, missingCount: c.missingCount, numeric: c.numeric, averageWords: c.averageWords, idLike: c.idLike, ...(c.text ? { text: c.text } : {}), ...(c.image ? { image: c.image } : {}) },
      })));
    }
    await tx.update(datasets).set({ rowCount: profile.rowCount, status: 'ready', error: null, updatedAt: sql`now()` }).where(eq(datasets.id, datasetId));
  });
}

export async function getDatasetColumns(db: Database, datasetId: string): Promise<DatasetColumn[]> {
  return db.select().from(datasetColumns).where(eq(datasetColumns.datasetId, datasetId)).orderBy(asc(datasetColumns.position));
}

/** Newer snapshots refreshed from a dataset, newest first (names and ids, for links). */
export async function listDatasetRefreshes(db: Database, datasetId: string, limit = 20): Promise<Pick<Dataset, 'id' | 'name' | 'status' | 'createdAt'>[]> {
  return db.select({ id: datasets.id, name: datasets.name, status: datasets.status, createdAt: datasets.createdAt }).from(datasets)
    .where(eq(datasets.refreshedFromId, datasetId)).orderBy(desc(datasets.createdAt)).limit(limit);
}
