import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  createRun, deployments, getDataset, getModel, getModelVersion, getRun, listRunArtifacts, recordAudit, requestRunCancel, runs, type Run,
} from '@overture/db';
import { and, eq, inArray, or } from 'drizzle-orm';
import { enqueue, removeWaitingJob } from '@overture/jobs';
import type { Actor } from '../../auth/actor';
import { assertCanChange } from '../../auth/actor';
import type { AppContext } from '../../context';
import { ApiError, conflict, notFound } from '../../errors';
import { requireVersion } from '../models/service';
import { inStore } from '../store-paths';
import { currentRequestId } from '../../observability/request-scope';

export async function requireRun(ctx: AppContext, id: string): Promise<Run> {
  const run = await getRun(ctx.db, id);
  if (!run) throw notFound(`run ${id}`);
  return run;
}

/** Who may change a run besides an admin: whoever started it and the owner of its model. */
async function runOwners(ctx: AppContext, run: Run): Promise<(string | null)[]> {
  const version = await getModelVersion(ctx.db, run.modelVersionId);
  const model = version ? await getModel(ctx.db, version.modelId) : null;
  return [run.createdById, model?.ownerId ?? null];
}

/**
 * Starts training a version: writes the run row (queued, the version's resolved config) and then
 * enqueues `training.run` (job id = run id), so the worker always finds its row (DESIGN §3).
 */
export async function startRun(ctx: AppContext, actor: Actor, input: StartRunInput): Promise<Run> {
  const version = await requireVersion(ctx, input.versionId);
  const model = await getModel(ctx.db, version.modelId);
  // Training adds runs (and their metrics) to the model's history: the model is its owner's.
  assertCanChange(actor, model?.ownerId, 'the model owner', 'train it; fork it to train your own copy');
  const resume = input.resumeRunId ? await resumePlan(ctx, { ...input, resumeRunId: input.resumeRunId }) : null;
  if (input.epochs !== undefined && !resume) throw new ApiError('invalid_input', 'epochs is given only with resumeRunId (continue training); a new run trains the epochs of its version\'s config.', [{ path: 'epochs', message: 'only with resumeRunId' }]);
  const datasetId = resume?.datasetId ?? input.datasetId ?? model?.datasetId;
  if (!datasetId) throw new ApiError('invalid_input', 'this model has no dataset any more: pass datasetId.', [{ path: 'datasetId', message: 'required' }]);
  const dataset = await getDataset(ctx.db, datasetId);
  if (!dataset) throw notFound(`dataset ${datasetId}`);
  if (dataset.status !== 'ready') throw conflict(`dataset '${dataset.name}' is ${dataset.status}${dataset.error ? ` (${dataset.error})` : ''}: training needs a profiled dataset.`);
  if (input.modelLoadRunId) await requireBundleRun(ctx, input.modelLoadRunId);
  const run = await createRun(ctx.db, {
    modelVersionId: version.id, datasetId, config: resume?.config ?? version.resolvedConfig, seed: resume?.seed ?? input.seed, createdById: actor.userId,
    modelLoadRunId: input.modelLoadRunId ?? null, resumeRunId: input.resumeRunId ?? null,
  });
  try {
    await enqueue(ctx.queues, 'training.run', { runId: run.id }, {}, { requestId: currentRequestId() });
  } catch (error) {
    await requestRunCancel(ctx.db, run.id).catch(() => undefined);
    throw new ApiError('unavailable', `the job queue is unavailable (${(error as Error).message}); the run was cancelled, start it again.`);
  }
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'run.create', targetType: 'run', targetId: run.id });
  return run;
}

export interface StartRunInput {
  versionId: string;
  datasetId?: string;
  seed?: number;
  /** Fine-tune (Ludwig's model_load_path): start from this completed run's bundle. */
  modelLoadRunId?: string;
  /** Continue training (Ludwig's model_resume_path): this completed run's kept state, to `epochs` in all. */
  resumeRunId?: string;
  epochs?: number;
}

const refuse = (path: string, message: string, detail: string) => new ApiError('invalid_input', message, [{ path, message: detail }]);

/**
 * Continuing a completed run: the same version, data and seed, its config with trainer.epochs raised
 * (what the worker's model_resume_path accepts), from the training state the run kept.
 */
async function resumePlan(ctx: AppContext, input: StartRunInput & { resumeRunId: string }): Promise<{ config: Record<string, unknown>; seed: number; datasetId: string }> {
  const id = input.resumeRunId.slice(0, 8);
  const source = await getRun(ctx.db, input.resumeRunId);
  if (!source) throw refuse('resumeRunId', `there is no run ${input.resumeRunId} to continue.`, 'unknown run');
  if (source.status !== 'completed') throw refuse('resumeRunId', `run ${id} is ${source.status}: only a completed run's training can be continued (an interrupted run resumes by itself).`, `run is ${source.status}`);
  if (input.modelLoadRunId) throw refuse('modelLoadRunId', 'give either modelLoadRunId (fine-tune) or resumeRunId (continue training), not both.', 'not with resumeRunId');
  if (source.modelVersionId !== input.versionId) throw refuse('versionId', `run ${id} trained another version; continuing it trains the same version.`, 'not the version of resumeRunId');
  if (!source.datasetId) throw refuse('resumeRunId', `run ${id}'s dataset was deleted: continuing a training needs the data it was trained on.`, 'dataset deleted');
  if (input.datasetId !== undefined && input.datasetId !== source.datasetId) throw refuse('datasetId', `continuing run ${id} trains on its own dataset; to train on another one, fine-tune it (modelLoadRunId).`, 'not the dataset of resumeRunId');
  if (input.seed !== undefined && input.seed !== source.seed) throw refuse('seed', `run ${id} trained with seed ${source.seed}; a continued training keeps it.`, 'not the seed of resumeRunId');
  const [state] = await listRunArtifacts(ctx.db, source.id, 'training_state');
  if (!state) throw refuse('resumeRunId', `run ${id} kept no training state to continue (imported runs, hyperopt trials and runs trained before this was kept have none); fine-tune it instead.`, 'no saved training state');
  const trainer = (source.config.trainer ?? {}) as { epochs?: number; train_steps?: number | null };
  if (trainer.train_steps != null) throw refuse('epochs', `run ${id}'s config sets trainer.train_steps (${trainer.train_steps}), which caps training whatever the epochs; continuing such a run is not supported yet.`, 'train_steps is set');
  const progress = (source.summary?.progress ?? {}) as { epoch?: unknown };
  const trained = typeof progress.epoch === 'number' ? progress.epoch : source.epoch;
  if (input.epochs === undefined) throw refuse('epochs', `how many epochs in all should run ${id}'s training reach? It has trained ${trained}.`, 'required with resumeRunId');
  if (input.epochs <= trained) throw refuse('epochs', `epochs ${input.epochs} is not above the ${trained} epochs run ${id} already trained: give more.`, `must be above ${trained}`);
  return { config: { ...source.config, trainer: { ...trainer, epochs: input.epochs } }, seed: source.seed, datasetId: source.datasetId };
}

/** A run to fine-tune from: completed, with its model bundle in the store (any run a member can read). */
async function requireBundleRun(ctx: AppContext, runId: string): Promise<Run> {
  const source = await getRun(ctx.db, runId);
  if (!source) throw new ApiError('invalid_input', `there is no run ${runId} to fine-tune from.`, [{ path: 'modelLoadRunId', message: 'unknown run' }]);
  if (source.status !== 'completed') throw new ApiError('invalid_input', `run ${runId.slice(0, 8)} is ${source.status}: only a completed run's model can be fine-tuned.`, [{ path: 'modelLoadRunId', message: `run is ${source.status}` }]);
  const [bundle] = await listRunArtifacts(ctx.db, runId, 'model_bundle');
  if (!bundle) throw new ApiError('invalid_input', `run ${runId.slice(0, 8)} has no model bundle to start from.`, [{ path: 'modelLoadRunId', message: 'no model bundle' }]);
  return source;
}

/** Cancels a queued run at once (and takes its job off the queue) or asks the worker to stop a running one. */
export async function cancelRun(ctx: AppContext, actor: Actor, runId: string): Promise<Run> {
  const run = await requireRun(ctx, runId);
  assertCanChange(actor, await runOwners(ctx, run), 'whoever started the run, the model owner', 'cancel it');
  const updated = await requestRunCancel(ctx.db, runId);
  if (!updated) throw conflict(`run ${runId} has already finished (${run.status}).`);
  if (updated.status === 'cancelled') await removeWaitingJob(ctx.queues, 'training.run', runId).catch(() => false);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'run.cancel', targetType: 'run', targetId: runId });
  return updated;
}

/** A JSON artifact of a run (test statistics, feature importance…), or null when it has none. */
export async function readRunJson(ctx: AppContext, runId: string, kind: string): Promise<unknown> {
  const [artifact] = await listRunArtifacts(ctx.db, runId, kind);
  if (!artifact) return null;
  try {
    return JSON.parse(await fs.readFile(inStore(ctx.env.dataDir, artifact.path), 'utf8')) as unknown;
  } catch (error) {
    ctx.log(`run ${runId}: cannot read ${artifact.path}: ${(error as Error).message}`);
    return null;
  }
}

/**
 * Deletes a finished run with its metrics, logs and artifacts (rows cascade) and its folder in the
 * store; refused while it is queued or running (cancel it first) or deployed. `dryRun` only says what would go.
 */
export async function deleteRun(ctx: AppContext, actor: Actor, runId: string, dryRun: boolean) {
  const run = await requireRun(ctx, runId);
  assertCanChange(actor, await runOwners(ctx, run), 'whoever started the run, the model owner', 'delete it');
  if (run.status === 'queued' || run.status === 'running') throw conflict(`run ${runId} is ${run.status}: cancel it first.`);
  // A fine-tuning or continued run still to train reads this run's bundle or training state when it starts.
  const waiting = await ctx.db.select({ id: runs.id, resumeRunId: runs.resumeRunId }).from(runs)
    .where(and(or(eq(runs.modelLoadRunId, runId), eq(runs.resumeRunId, runId)), inArray(runs.status, ['queued', 'running'])));
  if (waiting.length > 0) throw conflict(`run ${waiting[0].id.slice(0, 8)} ${waiting[0].resumeRunId === runId ? "continues this run's training" : "fine-tunes this run's model"} and has not finished: wait for it or cancel it first.`);
  const deployed = await ctx.db.select({ name: deployments.name }).from(deployments).where(eq(deployments.runId, runId));
  if (deployed.length > 0) throw conflict(`this run is deployed as ${deployed.map((d) => d.name).join(', ')}: delete those deployments first.`);
  const artifacts = await listRunArtifacts(ctx.db, runId);
  const summary = { artifacts: artifacts.length, bytes: artifacts.reduce((sum, a) => sum + (a.sizeBytes ?? 0), 0) };
  if (dryRun) return { deleted: false, ...summary };
  await ctx.db.delete(runs).where(eq(runs.id, runId));
  await fs.rm(path.join(/*turbopackIgnore: true*/ ctx.env.dataDir, 'runs', runId), { recursive: true, force: true }).catch(() => undefined);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'run.delete', targetType: 'run', targetId: runId, details: summary });
  return { deleted: true, ...summary };
}
