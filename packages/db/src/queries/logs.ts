import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../client.js';
import { runLogs } from '../schema/index.js';
import { StaleAttemptError } from './errors.js';

export type RunLogLine = typeof runLogs.$inferSelect;

export interface NewLogLine {
  level?: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  at?: Date;
}

/** Appends log lines of the current attempt (refused for a stale one). */
export async function appendRunLogs(db: Database, input: { runId: string; attempt: number; lines: readonly NewLogLine[] }): Promise<void> {
  if (input.lines.length === 0) return;
  const now = new Date();
  const result = await db.$client.query<{ ok: number }>(
    `WITH ok AS (SELECT 1 FROM runs WHERE id = $1 AND attempt = $2 AND status = 'running' FOR SHARE),
     ins AS (
       INSERT INTO run_logs (run_id, attempt, at, level, message)
       SELECT $1, $2, s.at, s.level, s.message FROM unnest($3::timestamptz[], $4::text[], $5::text[]) AS s(at, level, message)
       WHERE EXISTS (SELECT 1 FROM ok)
       RETURNING 1)
     SELECT (SELECT count(*) FROM ok)::int AS ok, (SELECT count(*) FROM ins)::int AS inserted`,
    [input.runId, input.attempt, input.lines.map((l) => (l.at ?? now).toISOString()), input.lines.map((l) => l.level ?? 'info'), input.lines.map((l) => l.message)],
  );
  if (!result.rows[0]?.ok) throw new StaleAttemptError(input.runId, input.attempt);
}

/** Log lines in order; pass the last id seen as `afterId` to follow a live run. */
export async function getRunLogs(db: Database, runId: string, options: { afterId?: number; limit?: number } = {}): Promise<RunLogLine[]> {
  return db.select().from(runLogs)
    .where(and(eq(runLogs.runId, runId), gt(runLogs.id, options.afterId ?? 0)))
    .orderBy(asc(runLogs.id)).limit(Math.min(options.limit ?? 1000, 10_000));
}
