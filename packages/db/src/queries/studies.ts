import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { runs, studies, studyTrials, type StudyStatus, type StudyTrialStatus } from '../schema/index.js';

export type Study = typeof studies.$inferSelect;
export type StudyTrial = typeof studyTrials.$inferSelect;

export interface CreateStudyInput {
  modelVersionId: string;
  datasetId: string;
  baseConfig: Record<string, unknown>;
  hyperopt: Record<string, unknown>;
  /** Defaults to the keys of `hyperopt.parameters` as given here. */
  parameterNames?: string[];
  seed?: number;
  createdById?: string | null;
}

/** Writes the study row (status `queued`); enqueue `hyperopt.study` with jobId = study id afterwards. */
export async function createStudy(db: Database, input: CreateStudyInput): Promise<Study> {
  const parameterNames = input.parameterNames ?? Object.keys((input.hyperopt.parameters as Record<string, unknown> | undefined) ?? {});
  const [row] = await db.insert(studies).values({ ...input, parameterNames, seed: input.seed ?? 42, createdById: input.createdById ?? null }).returning();
  return row;
}

export async function getStudy(db: Database, id: string): Promise<Study | null> {
  const [row] = await db.select().from(studies).where(eq(studies.id, id));
  return row ?? null;
}

/** Newest first; page with `before` (a createdAt). */
export async function listStudies(db: Database, options: { modelVersionId?: string; status?: StudyStatus[]; before?: Date; limit?: number } = {}): Promise<Study[]> {
  const where: SQL[] = [];
  if (options.modelVersionId) where.push(eq(studies.modelVersionId, options.modelVersionId));
  if (options.status && options.status.length > 0) where.push(inArray(studies.status, options.status));
  if (options.before) where.push(lt(studies.createdAt, options.before));
  return db.select().from(studies).where(and(...where)).orderBy(desc(studies.createdAt)).limit(Math.min(options.limit ?? 50, 500));
}

/** A study's trials in proposal order. */
export async function listStudyTrials(db: Database, studyId: string): Promise<StudyTrial[]> {
  return db.select().from(studyTrials).where(eq(studyTrials.studyId, studyId)).orderBy(asc(studyTrials.index));
}

/** The trial a run trains, or null for a run of no study. */
export async function getTrialOfRun(db: Database, runId: string): Promise<StudyTrial | null> {
  const [row] = await db.select().from(studyTrials).where(eq(studyTrials.runId, runId));
  return row ?? null;
}

/**
 * A coordinator takes the study: a new attempt begins. Null when the study has ended or its
 * cancellation was requested (queued: it is then marked cancelled).
 */
export async function claimStudy(db: Database, input: { studyId: string; workerId: string }): Promise<Study | null> {
  const [row] = await db.update(studies).set({
    status: 'running', attempt: sql`${studies.attempt} + 1`, workerId: input.workerId, startedAt: sql`coalesce(${studies.startedAt}, now())`,
  }).where(and(eq(studies.id, input.studyId), inArray(studies.status, ['queued', 'running']), isNull(studies.cancelRequestedAt))).returning();
  return row ?? null;
}

/** Whether the study's cancellation was asked for, and whether `attempt` still holds it. */
export async function studyControl(db: Database, studyId: string, attempt: number): Promise<{ cancelRequested: boolean; current: boolean }> {
  const [row] = await db.select({ cancel: studies.cancelRequestedAt, attempt: studies.attempt, status: studies.status }).from(studies).where(eq(studies.id, studyId));
  return { cancelRequested: Boolean(row?.cancel), current: row !== undefined && row.attempt === attempt && row.status === 'running' };
}

/**
 * Writes a trial and its run (queued) in one transaction; enqueue `hyperopt.trial` with jobId =
 * run id afterwards. Idempotent by (study, index): a resumed coordinator gets the existing trial.
 */
export async function createTrialWithRun(db: Database, input: {
  study: Pick<Study, 'id' | 'modelVersionId' | 'datasetId' | 'seed' | 'createdById'>; index: number; parameters: Record<string, unknown>; config: Record<string, unknown>;
}): Promise<StudyTrial> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(studyTrials).where(and(eq(studyTrials.studyId, input.study.id), eq(studyTrials.index, input.index)));
    if (existing) return existing;
    const [run] = await tx.insert(runs).values({
      modelVersionId: input.study.modelVersionId, datasetId: input.study.datasetId, config: input.config, seed: input.study.seed, createdById: input.study.createdById,
    }).returning({ id: runs.id });
    const [trial] = await tx.insert(studyTrials).values({ studyId: input.study.id, index: input.index, parameters: input.parameters, runId: run.id }).returning();
    return trial;
  });
}

/** Appends an intermediate metric score (and keeps the best as the trial's score so far). */
export async function recordTrialReport(db: Database, trialId: string, report: { step: number; score: number }, maximize: boolean): Promise<void> {
  const { score } = report;
  const best = maximize ? sql`greatest(${studyTrials.metricScore}, ${score})` : sql`least(${studyTrials.metricScore}, ${score})`;
  await db.update(studyTrials).set({
    reports: sql`${studyTrials.reports} || ${JSON.stringify([report])}::jsonb`,
    metricScore: sql`coalesce(${best}, ${score})`,
    status: sql`CASE WHEN ${studyTrials.status} = 'queued' THEN 'running'::trial_status ELSE ${studyTrials.status} END`,
  }).where(eq(studyTrials.id, trialId));
}

export async function markTrialRunning(db: Database, trialId: string): Promise<void> {
  await db.update(studyTrials).set({ status: 'running' }).where(and(eq(studyTrials.id, trialId), eq(studyTrials.status, 'queued')));
}

/** A trial's end: its status, score and the order it ended in among the study's trials. */
export async function finishTrial(db: Database, input: {
  trialId: string; status: Exclude<StudyTrialStatus, 'queued' | 'running'>; metricScore: number | null; stoppedBy?: string | null; error?: string | null; endSeq: number;
}): Promise<void> {
  await db.update(studyTrials).set({
    status: input.status, metricScore: input.metricScore, stoppedBy: input.stoppedBy ?? null, error: input.error ?? null, finishedAt: sql`now()`, endSeq: input.endSeq,
  }).where(and(eq(studyTrials.id, input.trialId), isNull(studyTrials.endSeq)));
}

/** The study's end, written only by the attempt holding it. False when another attempt holds it. */
export async function finishStudy(db: Database, input: {
  studyId: string; attempt: number; status: Exclude<StudyStatus, 'queued' | 'running'>; error?: string | null; errorDetails?: unknown[] | null;
  bestTrialId?: string | null; resultVersionId?: string | null; statisticsArtifactId?: string | null; summary?: Record<string, unknown> | null;
}): Promise<boolean> {
  const { studyId, attempt, ...fields } = input;
  const rows = await db.update(studies).set({ ...fields, finishedAt: sql`now()` })
    .where(and(eq(studies.id, studyId), eq(studies.attempt, attempt), eq(studies.status, 'running'))).returning({ id: studies.id });
  return rows.length > 0;
}

/** Records the best trial so far (the page shows it while the study runs). */
export async function setStudySummary(db: Database, studyId: string, summary: Record<string, unknown>): Promise<void> {
  await db.update(studies).set({ summary }).where(eq(studies.id, studyId));
}

/**
 * Cancels a queued study at once, or asks its coordinator to stop (it stops every running trial).
 * Null when it has already ended or does not exist.
 */
export async function requestStudyCancel(db: Database, studyId: string): Promise<Study | null> {
  const [queued] = await db.update(studies).set({ status: 'cancelled', cancelRequestedAt: sql`now()`, finishedAt: sql`now()` })
    .where(and(eq(studies.id, studyId), eq(studies.status, 'queued'))).returning();
  if (queued) return queued;
  const [running] = await db.update(studies).set({ cancelRequestedAt: sql`coalesce(${studies.cancelRequestedAt}, now())` })
    .where(and(eq(studies.id, studyId), eq(studies.status, 'running'))).returning();
  return running ?? null;
}
