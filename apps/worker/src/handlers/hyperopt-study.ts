import { UnrecoverableError, WaitingError } from 'bullmq';
import { applyParameters, metricGoal, OvertureError, resolveConfig, type HyperoptConfig } from '@overture/config';
import {
  claimStudy, createTrialWithRun, finishStudy, finishTrial, getStudy, listStudyTrials, markTrialRunning, requestRunCancel, setStudySummary,
  studyControl, type StudyTrial,
} from '@overture/db';
import { enqueue, createQueues, listLiveWorkers, parsePayload, publishStudyEvent, type StudyEvent } from '@overture/jobs';
import { runStudy, type StudyResult, type TrialRecord } from '@overture/trainer/hyperopt';
import type { Handler } from '../context.js';
import { followTrial, readJsonArtifact } from '../hyperopt/follow-trial.js';
import { ReplayTurns, resumedClock } from '../hyperopt/replay.js';
import { recordStudyResult } from '../hyperopt/study-result.js';
import { withRetry } from '../retry.js';
import { STOP } from '../threads/protocol.js';

/** How often the coordinator looks for a cancellation or a newer attempt (ms). */
const CONTROL_POLL_MS = 500;

/**
 * `hyperopt.study`: the coordinator. Holds no training slot (its own queue): it asks the engine
 * for trials, writes each as a trial row and a queued run, enqueues it as a `hyperopt.trial` job
 * any worker takes, follows the run's metric stream into the scheduler, and sends the scheduler's
 * stops back. Every step is in Postgres first, so a coordinator on a worker that dies is resumed
 * by another: ended trials are replayed into the engine in the order they ended, running ones are
 * followed again, and nothing is proposed or trained twice.
 */
export const handleHyperoptStudy: Handler<'hyperopt.study'> = async (ctx, job, token) => {
  const { studyId } = parsePayload('hyperopt.study', job.data);
  const claimed = await withRetry(() => claimStudy(ctx.db, { studyId, workerId: ctx.workerId }), { what: 'claiming the study', log: ctx.log });
  if (!claimed) {
    const row = await getStudy(ctx.db, studyId);
    if (row?.status === 'running') {
      // Cancelled while no coordinator held it (the last one died): cancel what it left running, and end it here.
      const left = await listStudyTrials(ctx.db, studyId);
      let seq = Math.max(-1, ...left.map((t) => t.endSeq ?? -1)) + 1;
      for (const trial of left) {
        if (trial.endSeq !== null) continue;
        if (trial.runId) await requestRunCancel(ctx.db, trial.runId).catch(() => null);
        await finishTrial(ctx.db, { trialId: trial.id, status: 'cancelled', metricScore: trial.metricScore, error: 'the study was cancelled', endSeq: seq++ });
      }
      await finishStudy(ctx.db, { studyId, attempt: row.attempt, status: 'cancelled' }).catch(() => false);
      void publishStudyEvent(ctx.redis, ctx.prefix, { type: 'end', studyId, ts: Date.now(), status: 'cancelled' }).catch(() => undefined);
    }
    return { status: 'skipped' };
  }
  const study = claimed;
  const { attempt } = study;
  const hyperopt = study.hyperopt as unknown as HyperoptConfig;
  const maximize = metricGoal(hyperopt.metric) === 'maximize';
  const queues = createQueues(ctx.redis, ctx.prefix);
  const say = (message: string) => ctx.log(`study ${studyId} #${attempt}: ${message}`);
  const publish = (event: Omit<StudyEvent, 'studyId' | 'ts'>) => {
    void publishStudyEvent(ctx.redis, ctx.prefix, { studyId, ts: Date.now(), ...event }).catch(() => undefined);
  };

  const existing = await listStudyTrials(ctx.db, studyId);
  const byIndex = new Map(existing.map((t) => [t.index, t]));
  let endSeq = Math.max(-1, ...existing.map((t) => t.endSeq ?? -1)) + 1;
  const replay = new ReplayTurns();
  // Slots: what the first coordinator saw (kept, so a resumed engine launches trials as it did).
  const slots = typeof study.summary?.slots === 'number' ? study.summary.slots : await trainingSlots(ctx.redis, ctx.prefix);
  await setStudySummary(ctx.db, studyId, { ...(study.summary ?? {}), slots });
  say(existing.length > 0 ? `resumed with ${existing.length} trials (${existing.filter((t) => t.endSeq !== null).length} ended)` : `started: up to ${hyperopt.executor.num_samples} trials, ${slots} at once`);
  publish({ type: 'status', status: 'running' });

  // Given up: shutdown (handed back), a newer attempt, or a cancel (which also cancels the trials' runs).
  const giveUp = new AbortController();
  const state = { cancelled: false, stale: false, shutdown: ctx.shuttingDown };
  const liveRuns = new Set<string>();
  const control = setInterval(() => {
    studyControl(ctx.db, studyId, attempt).then(async ({ cancelRequested, current }) => {
      if (!current && !state.stale && !cancelRequested) {
        state.stale = true;
        giveUp.abort();
      }
      if (cancelRequested && !state.cancelled) {
        state.cancelled = true;
        say('cancel requested: cancelling its running trials');
        await Promise.all([...liveRuns].map((runId) => requestRunCancel(ctx.db, runId).catch(() => null)));
      }
    }, () => undefined);
  }, CONTROL_POLL_MS);
  ctx.active.set(`study:${studyId}`, {
    stop: (reason) => {
      if (reason !== STOP.shutdown) return;
      state.shutdown = true;
      giveUp.abort();
    },
  });
  const follow = { db: ctx.db, redis: ctx.redis, prefix: ctx.prefix, dataDir: ctx.dataDir, hyperopt, signal: giveUp.signal, log: say };

  const runTrial = async (spec: { id: number; parameters: Record<string, unknown> }, handle: Parameters<typeof followTrial>[2]) => {
    let trial: StudyTrial | undefined = byIndex.get(spec.id);
    if (trial && trial.endSeq !== null) return replayEnded(trial, handle);
    if (state.cancelled || state.stale || state.shutdown) throw new Error('the study was stopped before this trial started');
    if (!trial) {
      const { config } = resolveConfig({ ...applyParameters(study.baseConfig, spec.parameters), hyperopt: null });
      trial = await createTrialWithRun(ctx.db, { study, index: spec.id, parameters: spec.parameters, config: config as unknown as Record<string, unknown> });
      byIndex.set(spec.id, trial);
      await enqueue(queues, 'hyperopt.trial', { runId: trial.runId!, studyId });
    }
    liveRuns.add(trial.runId!);
    try {
      await markTrialRunning(ctx.db, trial.id);
      publish({ type: 'trial', trial: trial.index, status: 'running' });
      return await followTrial(follow, trial, handle);
    } finally {
      liveRuns.delete(trial.runId!);
    }
  };

  const replayEnded = async (trial: StudyTrial, handle: Parameters<typeof followTrial>[2]) => {
    await replay.waitFor(trial.endSeq!);
    try {
      for (const r of trial.reports) handle.report({ metricScore: r.score });
      if (trial.status === 'failed' || trial.status === 'cancelled') throw new Error(trial.error ?? `the trial was ${trial.status}`);
      return { metricScore: trial.metricScore, trainingStats: {}, evalStats: {}, ...(await storedStats(trial)) };
    } finally {
      replay.done(trial.endSeq!);
    }
  };
  // Its statistics from the run's artifacts: hyperopt_statistics.json lists every trial's.
  const storedStats = async (trial: StudyTrial) => trial.runId
    ? { trainingStats: await readJsonArtifact(follow, trial.runId, 'training_statistics'), evalStats: await readJsonArtifact(follow, trial.runId, 'eval_statistics') }
    : {};

  const onTrialEnd = (record: TrialRecord) => {
    const trial = byIndex.get(record.id);
    if (!trial || trial.endSeq !== null || state.stale || state.shutdown) return;
    const status = state.cancelled && record.status === 'failed' ? 'cancelled' : record.status;
    const seq = endSeq++;
    trial.endSeq = seq;
    void finishTrial(ctx.db, { trialId: trial.id, status, metricScore: record.metricScore, stoppedBy: record.stoppedBy, error: record.error, endSeq: seq })
      .then(() => publish({ type: 'trial', trial: record.id, status, metricScore: record.metricScore }))
      .catch((error: Error) => say(`could not record the end of trial ${record.id}: ${error.message}`));
    say(`trial ${record.id} ${status}${record.metricScore === null ? '' : `: ${hyperopt.metric} ${record.metricScore}`}${record.error ? ` (${record.error})` : ''}`);
  };

  let result: StudyResult | null = null;
  let failure: unknown = null;
  try {
    result = await runStudy({
      hyperopt, runTrial, slots, seed: study.seed, clock: resumedClock((study.startedAt ?? new Date()).getTime()), onTrialEnd,
    });
  } catch (error) {
    failure = error;
  } finally {
    clearInterval(control);
    ctx.active.delete(`study:${studyId}`);
  }

  try {
    if (state.shutdown) {
      say(`worker ${ctx.workerId} is shutting down: the study is handed back`);
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (state.stale) throw new Error('another coordinator took this study over');
    // Ends written above are in flight: the statistics read them.
    await new Promise((r) => setTimeout(r, 50));
    if (state.cancelled) {
      await finishStudy(ctx.db, { studyId, attempt, status: 'cancelled', summary: summaryOf(result, slots, maximize) });
      publish({ type: 'end', status: 'cancelled' });
      say('cancelled');
      return { status: 'cancelled' };
    }
    if (!result) {
      const e = failure as OvertureError;
      const details = e instanceof OvertureError ? e.details : [];
      await finishStudy(ctx.db, { studyId, attempt, status: 'failed', error: e instanceof Error ? e.message : String(e), errorDetails: details });
      publish({ type: 'end', status: 'failed', message: e instanceof Error ? e.message : String(e) });
      say(`failed: ${e instanceof Error ? e.message : String(e)}`);
      throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
    }
    const trials = new Map((await listStudyTrials(ctx.db, studyId)).map((t) => [t.index, t]));
    const outcome = await recordStudyResult(ctx.db, ctx.dataDir, study, result, trials);
    await finishStudy(ctx.db, { studyId, attempt, status: 'completed', ...outcome, summary: summaryOf(result, slots, maximize) });
    publish({ type: 'end', status: 'completed' });
    say(`completed: best trial ${result.ordered[0]?.id} (${hyperopt.metric} ${result.ordered[0]?.metricScore})`);
    return { status: 'completed', bestTrial: result.ordered[0]?.id ?? null };
  } finally {
    await queues.close().catch(() => undefined);
  }
};

/** Training slots of the live workers (Ray's `auto` concurrency): trials beyond them would only wait. */
async function trainingSlots(redis: Parameters<typeof listLiveWorkers>[0], prefix: string): Promise<number> {
  const workers = await listLiveWorkers(redis, prefix).catch(() => []);
  return Math.max(1, workers.filter((w) => w.queues.includes('training')).reduce((n, w) => n + w.concurrency, 0));
}

function summaryOf(result: StudyResult | null, slots: number, maximize: boolean) {
  if (!result) return { slots };
  const count = (s: string) => result.trials.filter((t) => t.status === s).length;
  return {
    slots, goal: maximize ? 'maximize' : 'minimize', trials: result.trials.length, completed: count('completed'), stopped: count('stopped'), failed: count('failed'),
    budgetExhausted: result.budgetExhausted, bestMetricScore: result.ordered[0]?.metricScore ?? null,
  };
}
