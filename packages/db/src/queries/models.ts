import { eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { models, modelVersions } from '../schema/index.js';

export type Model = typeof models.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;

export async function createModel(db: Database, input: typeof models.$inferInsert): Promise<Model> {
  const [row] = await db.insert(models).values(input).returning();
  return row;
}

export interface CreateModelVersionInput {
  modelId: string;
  yaml: string;
  resolvedConfig: Record<string, unknown>;
  parentVersionId?: string | null;
  authorId?: string | null;
  message?: string | null;
}

/** Appends the next version number of the model (versions are immutable rows). */
export async function createModelVersion(db: Database, input: CreateModelVersionInput): Promise<ModelVersion> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1 FROM ${models} WHERE ${models.id} = ${input.modelId} FOR UPDATE`);
    const [{ next }] = await tx.select({ next: sql<number>`coalesce(max(${modelVersions.version}), 0) + 1` })
      .from(modelVersions).where(eq(modelVersions.modelId, input.modelId));
    const [row] = await tx.insert(modelVersions).values({ ...input, version: Number(next) }).returning();
    return row;
  });
}

export async function getModelVersion(db: Database, id: string): Promise<ModelVersion | null> {
  const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, id));
  return row ?? null;
}
