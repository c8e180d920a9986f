import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.js';
import { deployments, models, modelVersions, runs, type RunStatus } from '../schema/index.js';
import type { Model, ModelVersion } from './models.js';
import { keptStepSql } from './metrics.js';
import type { Run } from './runs.js';

export async function getModel(db: Database, id: string): Promise<Model | null> {
  const [row] = await db.select().from(models).where(eq(models.id, id));
  return row ?? null;
}

export type ModelListItem = Model & { latestVersionId: string | null; latestVersion: number | null; versionCount: number; imported: boolean };

/** Models, newest first, with their latest version. */
export async function listModels(db: Database, options: { datasetId?: string; limit?: number; offset?: number } = {}): Promise<ModelListItem[]> {
  const latest = db.select({
    modelId: modelVersions.modelId,
    versionCount: sql<number>`count(*)::int`.as('version_count'),
    latestVersion: sql<number>`max(${modelVersions.version})`.as('latest_version'),
    imported: sql<boolean>`bool_or(${modelVersions.imported})`.as('imported'),
  }).from(modelVersions).groupBy(modelVersions.modelId).as('latest');
  const rows = await db.select({ model: models, versionCount: latest.versionCount, latestVersion: latest.latestVersion, imported: latest.imported }).from(models)
    .leftJoin(latest, eq(latest.modelId, models.id))
    .where(options.datasetId ? eq(models.datasetId, options.datasetId) : undefined)
    .orderBy(desc(models.createdAt)).limit(Math.min(options.limit ?? 100, 500)).offset(options.offset ?? 0);
  const ids = rows.filter((r) => r.latestVersion !== null).map((r) => r.model.id);
  const versions = ids.length > 0 ? await db.select({ id: modelVersions.id, modelId: modelVersions.modelId, version: modelVersions.version })
    .from(modelVersions).where(inArray(modelVersions.modelId, ids)) : [];
  return rows.map((r) => ({
    ...r.model,
    versionCount: r.versionCount ?? 0,
    latestVersion: r.latestVersion ?? null,
    imported: r.imported ?? false,
    latestVersionId: versions.find((v) => v.modelId === r.model.id && v.version === r.latestVersion)?.id ?? null,
  }));
}

/** A model's versions in order (each names its parent: the lineage). */
export async function listModelVersions(db: Database, modelId: string): Promise<ModelVersion[]> {
  return db.select().from(modelVersions).where(eq(modelVersions.modelId, modelId)).orderBy(asc(modelVersions.version));
}

/** What deleting a model takes: its versions, their runs; deployments of those runs block it. */
export async function getModelDependents(db: Database, modelId: string): Promise<{ versionIds: string[]; runIds: string[]; deploymentNames: string[] }> {
  const versionRows = await db.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.modelId, modelId));
  const versionIds = versionRows.map((v) => v.id);
  const runRows = versionIds.length > 0 ? await db.select({ id: runs.id }).from(runs).where(inArray(runs.modelVersionId, versionIds)) : [];
  const deploymentRows = versionIds.length > 0
    ? await db.select({ name: deployments.name }).from(deployments).where(inArray(deployments.modelVersionId, versionIds))
    : [];
  return { versionIds, runIds: runRows.map((r) => r.id), deploymentNames: deploymentRows.map((d) => d.name) };
}

/**
 * Deletes a model with its versions (one statement, so their own parent links go with them) and
 * their runs. Versions of other models forked from it lose only the parent link (migration 0002
 * lets that one update past the immutability trigger).
 */
export async function deleteModel(db: Database, modelId: string): Promise<Model | null> {
  return db.transaction(async (tx) => {
    const versionRows = await tx.select({ id: modelVersions.id }).from(modelVersions).where(eq(modelVersions.modelId, modelId));
    const ids = versionRows.map((v) => v.id);
    if (ids.length > 0) {
      await tx.delete(runs).where(inArray(runs.modelVersionId, ids));
      await tx.delete(modelVersions).where(eq(modelVersions.modelId, modelId));
    }
    const [row] = await tx.delete(models).where(eq(models.id, modelId)).returning();
    return row ?? null;
  });
}

function runOrder(sort: ListRunsOfOptions['sortByMetric']): SQL[] {
  if (!sort) return [];
  const value = sql`(SELECT m.value FROM run_metrics m WHERE m.run_id = ${runs.id} AND m.split = ${sort.split} AND m.output = ${sort.output}
    AND m.metric = ${sort.metric} AND m.step <= ${sql.raw(keptStepSql)} ORDER BY m.step DESC LIMIT 1)`;
  return [sort.direction === 'asc' ? sql`${value} ASC NULLS LAST` : sql`${value} DESC NULLS LAST`];
}

export interface ListRunsOfOptions {
  modelId?: string;
  modelVersionId?: string;
  datasetId?: string;
  status?: RunStatus[];
  before?: Date;
  limit?: number;
  /** Best first by this metric at the step each run kept (runs without it last), then newest first. */
  sortByMetric?: { split: string; output: string; metric: string; direction: 'asc' | 'desc' };
}

/** Runs newest first, with their model and version number (the runs table). */
export async function listRunsWithModel(db: Database, options: ListRunsOfOptions = {}): Promise<(Run & { modelId: string; modelName: string; version: number })[]> {
  const where: SQL[] = [];
  if (options.modelId) where.push(eq(modelVersions.modelId, options.modelId));
  if (options.modelVersionId) where.push(eq(runs.modelVersionId, options.modelVersionId));
  if (options.datasetId) where.push(eq(runs.datasetId, options.datasetId));
  if (options.status && options.status.length > 0) where.push(inArray(runs.status, options.status));
  if (options.before) where.push(lt(runs.createdAt, options.before));
  const rows = await db.select({ run: runs, modelId: models.id, modelName: models.name, version: modelVersions.version }).from(runs)
    .innerJoin(modelVersions, eq(modelVersions.id, runs.modelVersionId))
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(...where)).orderBy(...runOrder(options.sortByMetric), desc(runs.createdAt)).limit(Math.min(options.limit ?? 50, 500));
  return rows.map((r) => ({ ...r.run, modelId: r.modelId, modelName: r.modelName, version: r.version }));
}
