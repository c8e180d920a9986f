import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { runs, type RunStatus } from '../schema/index.js';
import { StaleAttemptError } from './errors.js';

export type Run = typeof runs.$inferSelect;

export interface CreateRunInput {
  modelVersionId: string;
  datasetId: string;
  config: Record<string, unknown>;
  seed?: number;
  createdById?: string | null;
  /** Fine-tuning: the completed run whose bundle training starts from. */
  modelLoadRunId?: string | null;
  /** Continue training: the completed run whose kept training state this one continues. */
  resumeRunId?: string | null;
}

/** Writes the run row (status `queued`); enqueue `training.run` with jobId = run id afterwards. */
export async function createRun(db: Database, input: CreateRunInput): Promise<Run> {
  const [row] = await db.insert(runs).values({
    modelVersionId: input.modelVersionId,
    datasetId: input.datasetId,
    config: input.config,
    seed: input.seed ?? 42,
    createdById: input.createdById ?? null,
    modelLoadRunId: input.modelLoadRunId ?? null,
    resumeRunId: input.resumeRunId ?? null,
  }).returning();
  return row;
}

export async function getRun(db: Database, id: string): Promise<Run | null> {
  const [row] = await db.select().from(runs).where(eq(runs.id, id));
  return row ?? null;
}

export interface ListRunsOptions {
  status?: RunStatus | RunStatus[];
  modelVersionId?: string;
  /** Runs created before this instant (keyset pagination by created_at). */
  before?: Date;
  limit?: number;
}

/** Newest first. */
export async function listRuns(db: Database, options: ListRunsOptions = {}): Promise<Run[]> {
  const where: SQL[] = [];
  if (options.status) where.push(inArray(runs.status, Array.isArray(options.status) ? options.status : [options.status]));
  if (options.modelVersionId) where.push(eq(runs.modelVersionId, options.modelVersionId));
  if (options.before) where.push(lt(runs.createdAt, options.before));
  return db.select().from(runs).where(and(...where)).orderBy(desc(runs.createdAt)).limit(Math.min(options.limit ?? 50, 500));
}

/**
 * A worker takes the run: a new attempt begins. Returns null when the run is finished or its
 * cancellation was requested (it is then marked cancelled): the job has nothing to do.
 */
export async function claimRun(db: Database, input: { runId: string; workerId: string }): Promise<Run | null> {
  const [row] = await db.update(runs).set({
    status: 'running',
    attempt: sql`${runs.attempt} + 1`,
    workerId: input.workerId,
    startedAt: sql`coalesce(${runs.startedAt}, now())`,
    heartbeatAt: sql`now()`,
  }).where(and(eq(runs.id, input.runId), inArray(runs.status, ['queued', 'running']), sql`${runs.cancelRequestedAt} IS NULL`)).returning();
  if (row) return row;
  await db.update(runs).set({ status: 'cancelled', finishedAt: sql`now()` })
    .where(and(eq(runs.id, input.runId), inArray(runs.status, ['queued', 'running']), sql`${runs.cancelRequestedAt} IS NOT NULL`));
  return null;
}

export interface RunProgress {
  runId: string;
  attempt: number;
  epoch: number;
  step: number;
  totalSteps?: number | null;
  progressPct: number;
  etaSeconds?: number | null;
}

/** Records progress of the current attempt; tells the worker whether cancellation was requested. */
export async function updateRunProgress(db: Database, p: RunProgress): Promise<{ cancelRequested: boolean }> {
  const [row] = await db.update(runs).set({
    epoch: p.epoch,
    step: p.step,
    ...(p.totalSteps != null ? { totalSteps: p.totalSteps } : {}),
    progressPct: p.progressPct,
    etaSeconds: p.etaSeconds ?? null,
    heartbeatAt: sql`now()`,
  }).where(currentAttempt(p.runId, p.attempt)).returning({ cancelRequestedAt: runs.cancelRequestedAt });
  if (!row) throw new StaleAttemptError(p.runId, p.attempt);
  return { cancelRequested: row.cancelRequestedAt !== null };
}

export interface FinishRunInput {
  runId: string;
  attempt: number;
  status: 'completed' | 'failed' | 'cancelled';
  error?: string | null;
  errorCode?: string | null;
  errorDetails?: unknown[] | null;
  summary?: Record<string, unknown> | null;
  /** Final position, when known. */
  epoch?: number;
  step?: number;
  totalSteps?: number | null;
}

/** The attempt's last write: a terminal status. Refused (StaleAttemptError) for an older attempt. */
export async function finishRun(db: Database, input: FinishRunInput): Promise<Run> {
  const [row] = await db.update(runs).set({
    status: input.status,
    finishedAt: sql`now()`,
    heartbeatAt: sql`now()`,
    error: input.error ?? null,
    errorCode: input.errorCode ?? null,
    errorDetails: input.errorDetails ?? null,
    ...(input.summary ? { summary: input.summary } : {}),
    ...(input.epoch !== undefined ? { epoch: input.epoch } : {}),
    ...(input.step !== undefined ? { step: input.step } : {}),
    ...(input.totalSteps != null ? { totalSteps: input.totalSteps } : {}),
    ...(input.status === 'completed' ? { progressPct: 100, etaSeconds: 0 } : {}),
  }).where(currentAttempt(input.runId, input.attempt)).returning();
  if (!row) throw new StaleAttemptError(input.runId, input.attempt);
  return row;
}

/** A worker shutting down hands the run back (status `queued`); the next claim resumes it. */
export async function releaseRun(db: Database, input: { runId: string; attempt: number }): Promise<void> {
  await db.update(runs).set({ status: 'queued', workerId: null }).where(currentAttempt(input.runId, input.attempt));
}

/**
 * Cancels a queued run at once, or asks the worker running it to stop (it polls about once a
 * second). Returns the updated row, or null when the run is already finished or unknown.
 */
export async function requestRunCancel(db: Database, runId: string): Promise<Run | null> {
  const [queued] = await db.update(runs).set({ status: 'cancelled', cancelRequestedAt: sql`now()`, finishedAt: sql`now()` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'queued'))).returning();
  if (queued) return queued;
  const [running] = await db.update(runs).set({ cancelRequestedAt: sql`coalesce(${runs.cancelRequestedAt}, now())` })
    .where(and(eq(runs.id, runId), eq(runs.status, 'running'))).returning();
  return running ?? null;
}

function currentAttempt(runId: string, attempt: number): SQL {
  return and(eq(runs.id, runId), eq(runs.attempt, attempt), eq(runs.status, 'running'))!;
}
