import { autoConfig, renderConfigYaml, type ErrorDetail } from '@overture/config';
import {
  createModel, createModelVersion, deleteModel, getDataset, getDatasetColumns, getModel, getModelDependents, getModelVersion, listModelVersions, recordAudit,
  type Model, type ModelVersion,
} from '@overture/db';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Actor } from '../../auth/actor';
import { assertCanChange } from '../../auth/actor';
import type { AppContext } from '../../context';
import { badInput, conflict, notFound } from '../../errors';
import { storedProfile } from '../datasets/profile';
import { generatedConfigLimits, parseConfigForDataset } from './config-text';

export async function requireModel(ctx: AppContext, id: string): Promise<Model> {
  const model = await getModel(ctx.db, id);
  if (!model) throw notFound(`model ${id}`);
  return model;
}

export async function requireVersion(ctx: AppContext, id: string): Promise<ModelVersion> {
  const version = await getModelVersion(ctx.db, id);
  if (!version) throw notFound(`model version ${id}`);
  return version;
}

/** Column names of a dataset that has been profiled (null when it has no profile to check against). */
export async function datasetColumnNames(ctx: AppContext, datasetId: string | null): Promise<string[] | null> {
  if (!datasetId) return null;
  const columns = await getDatasetColumns(ctx.db, datasetId);
  return columns.length > 0 ? columns.map((c) => c.name) : null;
}

export interface CreatedModel {
  model: Model;
  version: ModelVersion;
  yaml: string;
  excludedColumns: { name: string; reason: string }[];
  warnings: ErrorDetail[];
}

/** A model from targets (auto-config on the stored profile) or from YAML the user wrote. */
export async function createModelFrom(ctx: AppContext, actor: Actor, input: { name: string; datasetId: string; targets?: string[]; config?: string; description?: string }): Promise<CreatedModel> {
  const dataset = await getDataset(ctx.db, input.datasetId);
  if (!dataset) throw notFound(`dataset ${input.datasetId}`);
  let yaml: string;
  let excludedColumns: CreatedModel['excludedColumns'] = [];
  if (input.config !== undefined) {
    yaml = input.config;
  } else {
    if (dataset.status !== 'ready') throw conflict(`dataset '${dataset.name}' is ${dataset.status}: auto-config needs its profile (wait until it is ready).`);
    const auto = autoConfig(storedProfile(dataset, await getDatasetColumns(ctx.db, dataset.id)), input.targets ?? []);
    yaml = renderConfigYaml(auto.config);
    excludedColumns = auto.excludedColumns;
  }
  const resolved = parseConfigForDataset(yaml, await datasetColumnNames(ctx, dataset.id), input.config === undefined ? generatedConfigLimits : undefined);
  const model = await createModel(ctx.db, { name: input.name, description: input.description ?? null, datasetId: dataset.id, ownerId: actor.userId });
  const version = await createModelVersion(ctx.db, { modelId: model.id, yaml, resolvedConfig: resolved.config as unknown as Record<string, unknown>, authorId: actor.userId, message: input.config === undefined ? `auto-config for ${(input.targets ?? []).join(', ')}` : 'first version' });
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'model.create', targetType: 'model', targetId: model.id });
  return { model, version, yaml, excludedColumns, warnings: resolved.warnings };
}

/** A new immutable version; its parent must be a version of the same model (default: none). */
export async function addVersion(ctx: AppContext, actor: Actor, modelId: string, input: { config: string; parentVersionId?: string | null; message?: string }) {
  const model = await requireModel(ctx, modelId);
  assertCanChange(actor, model.ownerId, 'the model owner', 'add versions; fork it to make your own');
  if (input.parentVersionId) {
    const parent = await requireVersion(ctx, input.parentVersionId);
    if (parent.modelId !== modelId) throw badInput('parentVersionId is a version of another model.', [{ path: 'parentVersionId', message: 'not a version of this model' }]);
  }
  const resolved = parseConfigForDataset(input.config, await datasetColumnNames(ctx, model.datasetId));
  const version = await createModelVersion(ctx.db, {
    modelId, yaml: input.config, resolvedConfig: resolved.config as unknown as Record<string, unknown>, parentVersionId: input.parentVersionId ?? null, authorId: actor.userId, message: input.message ?? null,
  });
  return { version, warnings: resolved.warnings };
}

/** A copy of a model's version as version 1 of a new model owned by the caller; lineage points at the source. */
export async function forkModel(ctx: AppContext, actor: Actor, modelId: string, input: { name: string; versionId?: string }) {
  const model = await requireModel(ctx, modelId);
  const source = input.versionId ? await requireVersion(ctx, input.versionId) : null;
  if (source && source.modelId !== modelId) throw badInput('versionId is a version of another model.', [{ path: 'versionId', message: 'not a version of this model' }]);
  const from = source ?? (await listModelVersions(ctx.db, modelId)).at(-1);
  if (!from) throw conflict('this model has no version to fork.');
  const fork = await createModel(ctx.db, { name: input.name, description: model.description, datasetId: model.datasetId, ownerId: actor.userId });
  const version = await createModelVersion(ctx.db, { modelId: fork.id, yaml: from.yaml, resolvedConfig: from.resolvedConfig, parentVersionId: from.id, authorId: actor.userId, message: `forked from ${model.name} v${from.version}` });
  return { model: fork, version };
}

/** Deletes a model, its versions, runs and run files; refused while deployed. */
export async function removeModel(ctx: AppContext, actor: Actor, modelId: string, dryRun: boolean) {
  const model = await requireModel(ctx, modelId);
  assertCanChange(actor, model.ownerId, 'the model owner', 'delete it');
  const dependents = await getModelDependents(ctx.db, modelId);
  if (dependents.deploymentNames.length > 0) throw conflict(`this model is deployed as ${dependents.deploymentNames.join(', ')}: delete those deployments first.`);
  const summary = { versions: dependents.versionIds.length, runs: dependents.runIds.length };
  if (dryRun) return { deleted: false, ...summary };
  await deleteModel(ctx.db, modelId);
  await Promise.all(dependents.runIds.map((runId) => fs.rm(path.join(ctx.env.dataDir, 'runs', runId), { recursive: true, force: true }).catch(() => undefined)));
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'model.delete', targetType: 'model', targetId: modelId, details: summary });
  return { deleted: true, ...summary };
}
