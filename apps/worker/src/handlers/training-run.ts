import { promises as fs } from 'node:fs';
import { UnrecoverableError, WaitingError } from 'bullmq';
import { trainerSplitName, type HyperoptConfig } from '@overture/config';
import { claimRun, finishRun, getDataset, getStudy, isStaleAttemptError, listRunArtifacts, recordArtifact, releaseRun, updateRunProgress, type MetricPoint } from '@overture/db';
import { jobCatalog, keys, parsePayload, type RunEvent } from '@overture/jobs';
import type { Handler, WorkerContext } from '../context.js';
import { inStore, relativeToStore, storePaths } from '../paths.js';
import { datasetTable } from '../dataset-table.js';
import { withRetry } from '../retry.js';
import { STOP, type ThreadMessage } from '../threads/protocol.js';
import { runTask, TaskError } from '../threads/run-task.js';
import { RunWriter } from '../training/run-writer.js';
import { evaluationPoints } from '../training/metric-points.js';
import { trainingStepMeter } from '../observability/metrics.js';

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** How often a trial looks for its study's stop signal: a scheduler's decision reaches it within a second. */
const TRIAL_STOP_POLL_MS = 200;

/**
 * `training.run`: claims the run (a new attempt), trains in a thread — resuming from the run's
 * last checkpoint in DATA_DIR when there is one — and streams metrics, logs and events.
 */
export const handleTrainingRun: Handler<'training.run'> = async (ctx, job, token) => {
  const { runId } = parsePayload('training.run', job.data);
  return trainRun(ctx, job, token, runId, null);
};

/**
 * `hyperopt.trial`: one trial of a study, a normal run of the study's model version (its metrics
 * stream like any run's). It also obeys the study's stop signal (the scheduler ending it early:
 * the model and statistics so far are kept) and writes eval_stats on the study's eval_split.
 */
export const handleHyperoptTrial: Handler<'hyperopt.trial'> = async (ctx, job, token) => {
  const { runId, studyId } = parsePayload('hyperopt.trial', job.data);
  const study = await withRetry(() => getStudy(ctx.db, studyId), { what: 'reading the study', log: ctx.log });
  const hyperopt = study?.hyperopt as HyperoptConfig | undefined;
  return trainRun(ctx, job as never, token, runId, { evalSplit: hyperopt ? trainerSplitName[hyperopt.eval_split] : 'validation' });
};

type StopCause = 'cancel' | 'shutdown' | 'stale' | 'trial';

async function trainRun(
  ctx: WorkerContext, job: Parameters<Handler<'training.run'>>[1], token: string | undefined, runId: string, trial: { evalSplit: 'training' | 'validation' | 'test' } | null,
): Promise<Awaited<ReturnType<Handler<'training.run'>>>> {
  const run = await withRetry(() => claimRun(ctx.db, { runId, workerId: ctx.workerId }), { what: 'claiming the run', log: ctx.log });
  if (!run) return { status: 'skipped' };
  const { attempt } = run;
  // Why training was asked to stop (an object: closures set it, and TS must not narrow it away).
  const stopping: { cause: StopCause | null } = { cause: null };
  let task: ReturnType<typeof runTask<'train'>> | null = null;
  const stop = (cause: StopCause) => {
    stopping.cause ??= cause;
    task?.stop(STOP[cause]);
  };
  const writer = new RunWriter({ db: ctx.db, redis: ctx.redis, prefix: ctx.prefix, runId, attempt, log: ctx.log, onStale: () => stop('stale') });
  const event = (e: Omit<RunEvent, 'runId' | 'attempt'>) => writer.addEvent({ runId, attempt, ...e });
  const say = (message: string, level: 'info' | 'warn' | 'error' = 'info') => {
    writer.addLog({ level, message });
    event({ type: 'log', ts: Date.now(), level, message });
    ctx.log(`run ${runId} #${attempt}: ${message}`);
  };
  event({ type: 'status', ts: Date.now(), status: 'running', workerId: ctx.workerId });
  say(`attempt ${attempt} started on worker ${ctx.workerId}`);

  const progress = { epoch: run.epoch, step: run.step, totalSteps: run.totalSteps, progressPct: run.progressPct, etaSeconds: null as number | null };
  const ticker = setInterval(() => {
    updateRunProgress(ctx.db, { runId, attempt, ...progress }).then(
      ({ cancelRequested }) => { if (cancelRequested) stop('cancel'); },
      (error) => { if (isStaleAttemptError(error)) stop('stale'); },
    );
  }, ctx.progressIntervalMs);
  ctx.active.set(runId, { stop: (reason) => stop(reason === STOP.shutdown ? 'shutdown' : 'cancel') });
  const stopKey = keys.runStop(ctx.prefix, runId);
  const trialPoll = trial && setInterval(() => {
    ctx.redis.exists(stopKey).then((n) => { if (n > 0) stop('trial'); }, () => undefined);
  }, TRIAL_STOP_POLL_MS);

  let stepsPerEpoch = 1;
  const meter = trainingStepMeter(runId);
  const onMessage = (m: ThreadMessage) => {
    switch (m.kind) {
      case 'start':
        progress.totalSteps = m.totalSteps;
        stepsPerEpoch = m.stepsPerEpoch;
        event({ type: 'start', ts: m.ts, totalSteps: m.totalSteps, step: m.resumedFromStep ?? 0 });
        meter.step(m.resumedFromStep ?? 0, m.ts);
        say(m.resumedFromStep !== null ? `resumed from the checkpoint at step ${m.resumedFromStep} of ${m.totalSteps}` : `training ${m.totalSteps} steps (${m.stepsPerEpoch} per epoch)`);
        break;
      case 'step':
        // The run row's epoch counts completed epochs (the step event's is the 0-based current one).
        Object.assign(progress, { epoch: Math.floor(m.step / stepsPerEpoch), step: m.step, progressPct: m.progressPct, etaSeconds: m.etaSeconds });
        meter.step(m.step, m.ts);
        writer.addPoints([{ split: 'training', output: 'combined', metric: 'step_loss', step: m.step, epoch: m.epoch, value: m.loss }]);
        event({ type: 'step', ts: m.ts, epoch: m.epoch, step: m.step, split: 'training', feature: 'combined', metric: 'step_loss', value: finite(m.loss), progressPct: m.progressPct, etaSeconds: m.etaSeconds });
        break;
      case 'evaluation': {
        const points: MetricPoint[] = evaluationPoints(m);
        writer.addPoints(points);
        for (const p of points) event({ type: 'metric', ts: m.ts, epoch: p.epoch, step: p.step, split: p.split, feature: p.output, metric: p.metric, value: finite(p.value), progressPct: m.progressPct, etaSeconds: m.etaSeconds });
        break;
      }
      case 'before-checkpoint':
        writer.flush().then(() => task?.reply({ kind: 'flushed', id: m.id, ok: true }), () => task?.reply({ kind: 'flushed', id: m.id, ok: false }));
        break;
      case 'checkpoint':
        event({ type: 'checkpoint', ts: m.ts, epoch: m.epoch, step: m.step });
        break;
      case 'log':
        say(m.message, m.level);
        break;
    }
  };

  try {
    if (ctx.shuttingDown) stopping.cause = 'shutdown';
    const { datasetId } = run;
    // Only imported runs have no dataset, and they are completed when written: nothing to train.
    if (!datasetId) throw new TaskError({ name: 'OvertureError', code: 'invalid_input', message: 'this run has no dataset (it was imported from a model bundle), so it cannot be trained' });
    const dataset = await withRetry(() => getDataset(ctx.db, datasetId), { what: 'reading the dataset row', log: ctx.log });
    if (!dataset) throw new TaskError({ name: 'OvertureError', code: 'not_found', message: `dataset ${datasetId} no longer exists` });
    const { datasetFile, mediaRoot, archiveFolder } = await datasetTable(ctx.dataDir, dataset);
    const modelLoadPath = run.modelLoadRunId ? await bundleOf(ctx, run.modelLoadRunId) : undefined;
    if (modelLoadPath) say(`fine-tuning: training starts from the weights of run ${run.modelLoadRunId!.slice(0, 8)}`);
    const modelResumePath = run.resumeRunId ? await trainingStateOf(ctx, run.resumeRunId) : undefined;
    if (modelResumePath) say(`continuing the training of run ${run.resumeRunId!.slice(0, 8)} from its saved state`);
    task = runTask({
      kind: 'train', runId, datasetFile, mediaRoot, ...(archiveFolder ? { archiveFolder } : {}), datasetHash: dataset.contentHash ?? `${dataset.id}:${dataset.sizeBytes}`,
      config: run.config, seed: run.seed, datasetName: dataset.name,
      outputDirectory: storePaths.output(ctx.dataDir, runId), checkpointDir: storePaths.checkpoints(ctx.dataDir, runId),
      cacheDir: storePaths.preprocessedCache(ctx.dataDir), pretrainedDir: storePaths.pretrainedEmbeddings(ctx.dataDir), modelsDir: ctx.modelsDir, readLimits: ctx.readLimits, ...(trial ? { evalSplit: trial.evalSplit } : {}),
      ...(modelLoadPath ? { modelLoadPath } : {}),
      ...(modelResumePath ? { modelResumePath } : {}),
    }, { backend: ctx.backend, timeoutMs: jobCatalog[trial ? 'hyperopt.trial' : 'training.run'].timeoutMs, onMessage });
    if (stopping.cause) task.stop(STOP[stopping.cause]);
    const result = await task.result;
    clearInterval(ticker);

    if (result.stopReason === 'cancelled' && stopping.cause !== 'cancel') {
      if (stopping.cause === 'stale') throw new Error('another worker took this run over');
      // Shutting down: the checkpoint is written; hand the run back so another worker resumes it now.
      say(`worker ${ctx.workerId} is shutting down: run handed back at step ${progress.step}`);
      await writer.close();
      await withRetry(() => releaseRun(ctx.db, { runId, attempt }), { what: 'releasing the run', log: ctx.log });
      event({ type: 'status', ts: Date.now(), status: 'queued' });
      await writer.close();
      await job.moveToWait(token);
      throw new WaitingError();
    }
    if (result.stopReason === 'cancelled') {
      say(`cancelled at step ${progress.step}`);
      await writer.close();
      await withRetry(() => finishRun(ctx.db, { runId, attempt, status: 'cancelled', epoch: progress.epoch, step: progress.step, totalSteps: progress.totalSteps, summary: { stopReason: 'cancelled', step: progress.step } }), { what: 'marking the run cancelled', log: ctx.log });
      event({ type: 'end', ts: Date.now(), status: 'cancelled' });
      await writer.close();
      return { status: 'cancelled', attempt, stopReason: 'cancelled' };
    }
    for (const file of result.files) {
      const stat = await fs.stat(file.path);
      await withRetry(() => recordArtifact(ctx.db, {
        runId, kind: file.kind, path: relativeToStore(ctx.dataDir, file.path), sizeBytes: stat.isFile() ? stat.size : null,
        contentType: stat.isFile() ? 'application/json' : 'inode/directory',
      }), { what: 'recording artifacts', log: ctx.log });
    }
    const how = { early_stop: 'early stopping', trial_stopped: "stopped early by the study's scheduler", completed: 'all steps done' }[result.stopReason];
    say(`finished: ${how} at step ${String(result.progress.steps)}${result.cacheHit ? ' (preprocessed data from the cache)' : ''}`);
    await writer.close();
    await withRetry(() => finishRun(ctx.db, {
      runId, attempt, status: 'completed', epoch: progress.epoch, step: progress.step, totalSteps: progress.totalSteps,
      summary: { stopReason: result.stopReason, resumedFromStep: result.resumedFromStep, progress: result.progress, metricsStored: writer.inserted, preprocessingCacheHit: result.cacheHit },
    }), { what: 'marking the run completed', log: ctx.log });
    event({ type: 'end', ts: Date.now(), status: 'completed', progressPct: 100 });
    await writer.close();
    return { status: 'completed', attempt, stopReason: result.stopReason, resumedFromStep: result.resumedFromStep };
  } catch (error) {
    if (error instanceof WaitingError) throw error;
    return await failAttempt(ctx, { runId, attempt, job, error, writer, say, event });
  } finally {
    clearInterval(ticker);
    if (trialPoll) clearInterval(trialPoll);
    meter.end();
    ctx.active.delete(runId);
  }
};

/** Ends the attempt after an error: user errors and the last attempt fail the run; others hand it back for a retry. */
async function failAttempt(ctx: WorkerContext, a: {
  runId: string; attempt: number; job: Parameters<Handler<'training.run'>>[1]; error: unknown; writer: RunWriter;
  say: (message: string, level?: 'info' | 'warn' | 'error') => void; event: (e: Omit<RunEvent, 'runId' | 'attempt'>) => void;
}): Promise<never> {
  const { runId, attempt, job, error, writer, say, event } = a;
  if (writer.stale || isStaleAttemptError(error)) throw error; // the run belongs to a newer attempt now
  const e = error as TaskError;
  const userError = Boolean(e.code && e.code !== 'internal');
  const lastAttempt = userError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  say(`failed: ${e.message}`, 'error');
  await writer.close().catch(() => undefined);
  if (!lastAttempt) {
    await withRetry(() => releaseRun(ctx.db, { runId, attempt }), { what: 'releasing the run', log: ctx.log }).catch(() => undefined);
    throw error;
  }
  await withRetry(() => finishRun(ctx.db, {
    runId, attempt, status: 'failed', error: e.message, errorCode: e.code ?? 'internal', errorDetails: (e.details as unknown[] | undefined) ?? null,
  }), { what: 'marking the run failed', log: ctx.log }).catch((finishError) => ctx.log(`run ${runId}: could not mark it failed: ${String(finishError)}`));
  event({ type: 'end', ts: Date.now(), status: 'failed', message: e.message });
  await writer.close().catch(() => undefined);
  throw userError ? new UnrecoverableError(e.message) : error;
}

/** The stored bundle of the run a fine-tuning run starts from; a clear error when it is gone. */
async function bundleOf(ctx: WorkerContext, runId: string): Promise<string> {
  const [artifact] = await withRetry(() => listRunArtifacts(ctx.db, runId, 'model_bundle'), { what: 'reading the bundle to fine-tune', log: ctx.log });
  const directory = artifact ? inStore(ctx.dataDir, artifact.path) : null;
  const present = directory ? await fs.stat(directory).then((s) => s.isDirectory(), () => false) : false;
  if (!present) throw new TaskError({ name: 'OvertureError', code: 'not_found', message: `run ${runId.slice(0, 8)}, whose model this run fine-tunes, has no model bundle any more; start the run again from another model` });
  return directory!;
}

/** The kept training state of the run a continued run picks up; a clear error when it is gone. */
async function trainingStateOf(ctx: WorkerContext, runId: string): Promise<string> {
  const [artifact] = await withRetry(() => listRunArtifacts(ctx.db, runId, 'training_state'), { what: 'reading the training state to continue', log: ctx.log });
  const directory = artifact ? inStore(ctx.dataDir, artifact.path) : null;
  const present = directory ? await fs.stat(directory).then((s) => s.isDirectory(), () => false) : false;
  if (!present) throw new TaskError({ name: 'OvertureError', code: 'not_found', message: `run ${runId.slice(0, 8)}, whose training this run continues, has no saved training state any more; start a new run or fine-tune its model instead` });
  return directory!;
}
