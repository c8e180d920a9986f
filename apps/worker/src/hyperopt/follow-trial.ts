import { promises as fs } from 'node:fs';
import { metricGoal, trainerSplitName, type HyperoptConfig } from '@overture/config';
import { getRun, listRunArtifacts, recordTrialReport, type Database, type StudyTrial } from '@overture/db';
import { keys, readRunEvents } from '@overture/jobs';
import type { TrialHandle, TrialOutcome } from '@overture/trainer/hyperopt';
import type { Redis } from 'ioredis';
import { inStore } from '../paths.js';

export interface FollowContext {
  db: Database;
  redis: Redis;
  prefix: string;
  dataDir: string;
  hyperopt: HyperoptConfig;
  /** Aborted when the coordinator gives the study up (shutdown, another attempt took it, cancel). */
  signal: AbortSignal;
  log(message: string): void;
}

const terminal = new Set(['completed', 'failed', 'cancelled']);
type Stats = Record<string, Record<string, Record<string, number[]>>>;

/** Ludwig's metric score from training statistics: the best value over the evaluations on the hyperopt split (else training). */
export function scoreOfStatistics(stats: Stats, hyperopt: HyperoptConfig): number | null {
  const maximize = metricGoal(hyperopt.metric) === 'maximize';
  for (const split of [trainerSplitName[hyperopt.split], 'training']) {
    const values = stats[split]?.[hyperopt.output_feature]?.[hyperopt.metric]?.filter(Number.isFinite);
    if (values && values.length > 0) return maximize ? Math.max(...values) : Math.min(...values);
  }
  return null;
}

/** Tells the trial's worker to stop it early (kept results); it polls the key about every 200 ms. */
export async function signalTrialStop(redis: Redis, prefix: string, runId: string): Promise<void> {
  await redis.set(keys.runStop(prefix, runId), '1', 'EX', 7 * 24 * 3600);
}

/** A JSON artifact of a run ({} when it has none). */
export async function readJsonArtifact(ctx: Pick<FollowContext, 'db' | 'dataDir'>, runId: string, kind: string): Promise<Record<string, unknown>> {
  const [artifact] = await listRunArtifacts(ctx.db, runId, kind);
  if (!artifact) return {};
  return JSON.parse(await fs.readFile(inStore(ctx.dataDir, artifact.path), 'utf8')) as Record<string, unknown>;
}

/**
 * Follows one trial's run to its end: its metric events (the run's own stream, as the run page
 * reads it) become reports to the engine, whose stop decisions go back as the stop signal. Reports
 * already stored (an earlier coordinator's) are replayed first, and steps seen are not reported twice.
 */
export async function followTrial(ctx: FollowContext, trial: StudyTrial, handle: TrialHandle): Promise<TrialOutcome> {
  const runId = trial.runId!;
  const { hyperopt } = ctx;
  const maximize = metricGoal(hyperopt.metric) === 'maximize';
  const split = trainerSplitName[hyperopt.split];
  let best: number | null = null;
  const seen = new Set<number>();
  let stopSent = false;
  const stop = () => {
    if (stopSent) return;
    stopSent = true;
    signalTrialStop(ctx.redis, ctx.prefix, runId).catch((error: Error) => ctx.log(`trial ${trial.index}: could not signal its stop: ${error.message}`));
  };
  handle.signal.addEventListener('abort', stop);
  const consider = (step: number, value: number) => {
    seen.add(step);
    if (Number.isFinite(value) && (best === null || (maximize ? value > best : value < best))) best = value;
    return best;
  };
  for (const report of trial.reports) {
    const score = consider(report.step, report.score);
    if (score !== null && handle.report({ metricScore: score }) === 'stop') stop();
  }

  const connection = ctx.redis.duplicate();
  connection.on('error', () => undefined);
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  ctx.signal.addEventListener('abort', onAbort);
  try {
    const events = readRunEvents(connection, { prefix: ctx.prefix, runId, blockMs: 1000, signal: abort.signal });
    let lastCheck = 0;
    let runEnded = false;
    for await (const envelope of events) {
      if (ctx.signal.aborted) throw new Error('the coordinator stopped following the study');
      const e = envelope?.event;
      if (e?.type === 'metric' && e.split === split && e.feature === hyperopt.output_feature && e.metric === hyperopt.metric && typeof e.value === 'number' && e.step !== undefined && !seen.has(e.step)) {
        const score = consider(e.step, e.value);
        if (score !== null) {
          await recordTrialReport(ctx.db, trial.id, { step: e.step, score }, maximize);
          if (handle.report({ metricScore: score }) === 'stop') stop();
        }
      }
      if (e?.type === 'end') break;
      // The stream may have expired or lost its end event: the run row is the truth. A run that
      // ended (a resumed coordinator follows one that finished meanwhile) is left once the stream is
      // read to its end (an idle read), not at once: its reports are still in the stream.
      if (!envelope && runEnded) break;
      if (Date.now() - lastCheck > 2000) {
        lastCheck = Date.now();
        const run = await getRun(ctx.db, runId);
        if (!run || terminal.has(run.status)) {
          runEnded = true;
          if (!envelope) break;
        }
      }
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    abort.abort();
    connection.disconnect();
  }
  if (ctx.signal.aborted) throw new Error('the coordinator stopped following the study');
  const run = await getRun(ctx.db, runId);
  if (!run) throw new Error(`the trial's run ${runId} was deleted`);
  if (run.status === 'failed') throw new Error(run.error ?? 'the run failed');
  if (run.status === 'cancelled') throw new Error('the run was cancelled');
  const trainingStats = await readJsonArtifact(ctx, runId, 'training_statistics');
  const evalStats = await readJsonArtifact(ctx, runId, 'eval_statistics');
  return { metricScore: scoreOfStatistics(trainingStats as Stats, hyperopt) ?? best, trainingStats, evalStats };
}
