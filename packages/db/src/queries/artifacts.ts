import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { artifacts } from '../schema/index.js';

export type Artifact = typeof artifacts.$inferSelect;

/** Records a file of the artifact store; writing the same path again updates the row (retries are idempotent). */
export async function recordArtifact(db: Database, input: typeof artifacts.$inferInsert): Promise<Artifact> {
  const [row] = await db.insert(artifacts).values(input).onConflictDoUpdate({
    target: artifacts.path,
    set: { kind: input.kind, sizeBytes: input.sizeBytes ?? null, contentType: input.contentType ?? null, metadata: input.metadata ?? {}, createdAt: sql`now()` },
  }).returning();
  return row;
}

export async function listRunArtifacts(db: Database, runId: string, kind?: string): Promise<Artifact[]> {
  return db.select().from(artifacts)
    .where(kind ? and(eq(artifacts.runId, runId), eq(artifacts.kind, kind)) : eq(artifacts.runId, runId))
    .orderBy(asc(artifacts.createdAt));
}
