import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { batchPredictions } from '../schema/index.js';

export type BatchPrediction = typeof batchPredictions.$inferSelect;

/** Writes the row (status `queued`); enqueue `prediction.batch` with jobId = its id afterwards. */
export async function createBatchPrediction(db: Database, input: { runId: string; datasetId: string; createdById?: string | null }): Promise<BatchPrediction> {
  const [row] = await db.insert(batchPredictions).values(input).returning();
  return row;
}

export async function getBatchPrediction(db: Database, id: string): Promise<BatchPrediction | null> {
  const [row] = await db.select().from(batchPredictions).where(eq(batchPredictions.id, id));
  return row ?? null;
}

/** Records a state change of the job (running, completed with its artifact, failed with the reason). */
export async function updateBatchPrediction(
  db: Database, id: string,
  input: Partial<Pick<BatchPrediction, 'status' | 'rows' | 'failedRows' | 'error' | 'artifactId'>>,
): Promise<BatchPrediction | null> {
  const [row] = await db.update(batchPredictions).set({ ...input, updatedAt: sql`now()` }).where(eq(batchPredictions.id, id)).returning();
  return row ?? null;
}
