import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  createRun, deployments, getDataset, getModel, getModelVersion, getRun, listRunArtifacts, recordAudit, requestRunCancel, runs, type Run,
} from '@overture/db';
import { and, eq, inArray } from 'drizzle-orm';
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
export async function startRun(ctx: AppContext, actor: Actor, input: { versionId: string; datasetId?: string; seed?: number; modelLoadRunId?: string }): Promise<Run> {
  const version = await requireVersion(ctx, input.versionId);
  const model = await getModel(ctx.db, version.modelId);
  // Training adds runs (and their metrics) to the model's history: the model is its owner's.
  assertCanChange(actor, model?.ownerId, 'the model owner', 'train it; fork it to train your own copy');
  const datasetId = input.datasetId ?? model?.datasetId;
  if (!datasetId) throw new ApiError('invalid_input', 'this model has no dataset any more: pass datasetId.', [{ path: 'datasetId', message: 'required' }]);
  const dataset = await getDataset(ctx.db, datasetId);
  if (!dataset) throw notFound(`dataset ${datasetId}`);
  if (dataset.status !== 'ready') throw conflict(`dataset '${dataset.name}' is ${dataset.status}${dataset.error ? ` (${dataset.error})` : ''}: training needs a profiled dataset.`);
  if (input.modelLoadRunId) await requireBundleRun(ctx, input.modelLoadRunId);
  const run = await createRun(ctx.db, {
    modelVersionId: version.id, datasetId, config: version.resolvedConfig, seed: input.seed, createdById: actor.userId, modelLoadRunId: input.modelLoadRunId ?? null,
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
  // A fine-tuning run still to train reads this run's bundle when it starts.
  const waiting = await ctx.db.select({ id: runs.id }).from(runs).where(and(eq(runs.modelLoadRunId, runId), inArray(runs.status, ['queued', 'running'])));
  if (waiting.length > 0) throw conflict(`run ${waiting[0].id.slice(0, 8)} fine-tunes this run's model and has not finished: wait for it or cancel it first.`);
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
