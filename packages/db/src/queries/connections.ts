import { eq } from 'drizzle-orm';
import type { Database } from '../client.js';
import { sourceConnections } from '../schema/index.js';

export type SourceConnection = typeof sourceConnections.$inferSelect;

/** Stores a SQL source; `encryptedUrl` must already be encrypted by the caller. */
export async function createSourceConnection(db: Database, input: typeof sourceConnections.$inferInsert): Promise<SourceConnection> {
  const [row] = await db.insert(sourceConnections).values(input).returning();
  return row;
}

export async function getSourceConnection(db: Database, id: string): Promise<SourceConnection | null> {
  const [row] = await db.select().from(sourceConnections).where(eq(sourceConnections.id, id));
  return row ?? null;
}
