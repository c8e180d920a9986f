import { createDeployment, deleteDeployment, getDeployment, getModelVersion, getRun, recordAudit, updateDeploymentRun, updateDeploymentTraffic, type Deployment, type DeploymentTraffic } from '@overture/db';
import type { Actor } from '../auth/actor';
import { assertCanChange } from '../auth/actor';
import type { AppContext } from '../context';
import { badInput, conflict, notFound } from '../errors';
import { isDeploymentName, unknownDeployment } from '@overture/deployments';

async function completedRun(ctx: AppContext, runId: string) {
  const run = await getRun(ctx.db, runId);
  if (!run) throw notFound(`run ${runId}`);
  if (run.status !== 'completed') throw conflict(`run ${runId} is ${run.status}: only completed runs can be deployed.`);
  return run;
}

export async function requireDeployment(ctx: AppContext, name: string): Promise<Deployment> {
  const deployment = isDeploymentName(name) ? await getDeployment(ctx.db, name) : null;
  if (!deployment) throw unknownDeployment(name);
  return deployment;
}

/** Deploys a completed run under `name`: its bundle is loaded (and warmed) before the row exists, so a broken bundle is never live. */
export async function deploy(ctx: AppContext, actor: Actor, input: { name: string; runId: string }): Promise<Deployment> {
  const run = await completedRun(ctx, input.runId);
  if (await getDeployment(ctx.db, input.name)) throw conflict(`a deployment named '${input.name}' exists: PUT /api/deployments/${input.name} to point it at another run.`);
  await ctx.serving.probe(run.id);
  const deployment = await createDeployment(ctx.db, { name: input.name, runId: run.id, modelVersionId: run.modelVersionId, createdById: actor.userId });
  await ctx.serving.activate(deployment);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'deployment.create', targetType: 'deployment', targetId: deployment.name, details: { runId: run.id } });
  return deployment;
}

/**
 * Hot swap: the new run's bundle is loaded and warmed here first; then the row points at it and the
 * other web processes follow. Requests in flight finish on the old version (ServingEngine). Promoting
 * the canary (its run becomes the primary) ends the canary split.
 */
export async function redeploy(ctx: AppContext, actor: Actor, name: string, runId: string): Promise<Deployment> {
  const deployment = await requireDeployment(ctx, name);
  assertCanChange(actor, deployment.createdById, 'whoever created the deployment', 'change it');
  const run = await completedRun(ctx, runId);
  await ctx.serving.probe(run.id);
  if (deployment.canaryRunId === run.id) await updateDeploymentTraffic(ctx.db, name, { ...trafficOf(deployment), canaryRunId: null, canaryPercent: 0 });
  const updated = (await updateDeploymentRun(ctx.db, name, { runId: run.id, modelVersionId: run.modelVersionId }))!;
  await ctx.serving.activate(updated);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'deployment.update', targetType: 'deployment', targetId: name, details: { from: deployment.runId, to: run.id } });
  return updated;
}

export async function undeploy(ctx: AppContext, actor: Actor, name: string): Promise<void> {
  const deployment = await requireDeployment(ctx, name);
  assertCanChange(actor, deployment.createdById, 'whoever created the deployment', 'delete it');
  await deleteDeployment(ctx.db, name);
  await ctx.serving.deactivate(name);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'deployment.delete', targetType: 'deployment', targetId: name });
}

/** What PATCH /api/deployments/<name>/traffic changes: a key left out stays as it is; null removes that part of the split. */
export interface TrafficChange {
  canary?: { runId: string; percent: number } | null;
  shadow?: { runId: string; percent: number } | null;
  logPercent?: number;
}

export function trafficOf(d: Deployment): DeploymentTraffic {
  return { canaryRunId: d.canaryRunId, canaryPercent: d.canaryPercent, shadowRunId: d.shadowRunId, shadowPercent: d.shadowPercent, logPercent: d.logPercent };
}

/**
 * Changes a deployment's traffic split and logging share. A canary or shadow must be another
 * completed run of the deployment's own model (its answers are compared with the primary's); its
 * bundle is loaded and warmed before any request is routed to it, and the call returns once every
 * serving replica routes the new way.
 */
export async function changeTraffic(ctx: AppContext, actor: Actor, name: string, change: TrafficChange): Promise<Deployment> {
  const deployment = await requireDeployment(ctx, name);
  assertCanChange(actor, deployment.createdById, 'whoever created the deployment', 'change its traffic');
  const traffic = trafficOf(deployment);
  for (const role of ['canary', 'shadow'] as const) {
    const part = change[role];
    if (part === undefined) continue;
    if (part !== null) await checkSplitRun(ctx, deployment, role, part.runId);
    traffic[`${role}RunId`] = part?.runId ?? null;
    traffic[`${role}Percent`] = part?.percent ?? 0;
  }
  if (change.logPercent !== undefined) traffic.logPercent = change.logPercent;
  for (const runId of new Set([traffic.canaryRunId, traffic.shadowRunId])) {
    if (runId && runId !== deployment.canaryRunId && runId !== deployment.shadowRunId) await ctx.serving.probe(runId);
  }
  const updated = (await updateDeploymentTraffic(ctx.db, name, traffic))!;
  await ctx.serving.activate(updated);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'deployment.traffic', targetType: 'deployment', targetId: name, details: { from: trafficOf(deployment), to: traffic } });
  return updated;
}

async function checkSplitRun(ctx: AppContext, deployment: Deployment, role: 'canary' | 'shadow', runId: string): Promise<void> {
  const path = `${role}.runId`;
  const run = await getRun(ctx.db, runId);
  if (!run) throw badInput(`the ${role} run ${runId} does not exist.`, [{ path, message: 'no such run' }]);
  if (run.status !== 'completed') throw badInput(`the ${role} run ${runId} is ${run.status}: only a completed run can take traffic.`, [{ path, message: `run is ${run.status}` }]);
  if (run.id === deployment.runId) throw badInput(`run ${runId} already answers this deployment as its primary: choose another run of the model for the ${role}.`, [{ path, message: 'is the primary run' }]);
  const [ours, theirs] = await Promise.all([getModelVersion(ctx.db, deployment.modelVersionId), getModelVersion(ctx.db, run.modelVersionId)]);
  if (!ours || !theirs || ours.modelId !== theirs.modelId) {
    throw badInput(`run ${runId} is a version of another model: a ${role} must be a run of the deployed model (its answers stand in for, or are compared with, the primary's). Deploy the other model under its own name.`, [{ path, message: 'another model' }]);
  }
}
