import { createDeployment, deleteDeployment, getDeployment, getRun, recordAudit, updateDeploymentRun, type Deployment } from '@overture/db';
import type { Actor } from '../auth/actor';
import { assertCanChange } from '../auth/actor';
import type { AppContext } from '../context';
import { conflict, notFound } from '../errors';
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
  await ctx.serving.activate(deployment.name, run.id);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'deployment.create', targetType: 'deployment', targetId: deployment.name, details: { runId: run.id } });
  return deployment;
}

/**
 * Hot swap: the new run's bundle is loaded and warmed here first; then the row points at it and the
 * other web processes follow. Requests in flight finish on the old version (ServingEngine).
 */
export async function redeploy(ctx: AppContext, actor: Actor, name: string, runId: string): Promise<Deployment> {
  const deployment = await requireDeployment(ctx, name);
  assertCanChange(actor, deployment.createdById, 'whoever created the deployment', 'change it');
  const run = await completedRun(ctx, runId);
  await ctx.serving.probe(run.id);
  const updated = (await updateDeploymentRun(ctx.db, name, { runId: run.id, modelVersionId: run.modelVersionId }))!;
  await ctx.serving.activate(name, run.id);
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
