import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { artifacts, datasetColumns, datasets, deployments, models, runs } from '../schema/index.js';
import type { Dataset } from './datasets.js';

/** `source_details.purpose` of a file uploaded only to be predicted (a batch prediction's input). */
export const PREDICTION_INPUT = 'prediction_input';

/**
 * Datasets, newest first. Files uploaded as a batch prediction's input are left out unless asked
 * for: the user did not add them to the library.
 */
export async function listDatasets(db: Database, options: { limit?: number; offset?: number; includePredictionInputs?: boolean } = {}): Promise<Dataset[]> {
  return db.select().from(datasets)
    .where(options.includePredictionInputs ? undefined : sql`coalesce(${datasets.sourceDetails}->>'purpose', '') <> ${PREDICTION_INPUT}`)
    .orderBy(desc(datasets.createdAt))
    .limit(Math.min(options.limit ?? 100, 500)).offset(options.offset ?? 0);
}

/**
 * Overrides a column's inferred feature type; the type inference chose is kept in
 * `stats.inferredBy` so the UI can show both. Returns false when the column does not exist.
 */
export async function setColumnType(db: Database, datasetId: string, column: string, type: string): Promise<boolean> {
  const rows = await db.update(datasetColumns).set({
    inferredType: type,
    stats: sql`jsonb_set(${datasetColumns.stats}, '{inferredBy}', coalesce(${datasetColumns.stats}->'inferredBy', to_jsonb(${datasetColumns.inferredType})))`,
  }).where(and(eq(datasetColumns.datasetId, datasetId), eq(datasetColumns.name, column))).returning({ name: datasetColumns.name });
  return rows.length > 0;
}

/** What deleting a dataset takes with it: its runs (and their files), and what keeps it. */
export interface DatasetDependents {
  runIds: string[];
  /** Models trained on it: they stay, without a dataset. */
  modelIds: string[];
  /** Deployments serving one of its runs: these block the deletion. */
  deploymentNames: string[];
  /** Artifact paths (relative to DATA_DIR) of its runs and of itself. */
  artifactPaths: string[];
}

export async function getDatasetDependents(db: Database, datasetId: string): Promise<DatasetDependents> {
  const runRows = await db.select({ id: runs.id }).from(runs).where(eq(runs.datasetId, datasetId));
  const runIds = runRows.map((r) => r.id);
  const modelRows = await db.select({ id: models.id }).from(models).where(eq(models.datasetId, datasetId));
  const deploymentRows = runIds.length > 0 ? await db.select({ name: deployments.name }).from(deployments).where(inArray(deployments.runId, runIds)) : [];
  const artifactRows = await db.select({ path: artifacts.path }).from(artifacts)
    .where(runIds.length > 0 ? sql`${artifacts.datasetId} = ${datasetId} OR ${inArray(artifacts.runId, runIds)}` : eq(artifacts.datasetId, datasetId));
  return { runIds, modelIds: modelRows.map((m) => m.id), deploymentNames: deploymentRows.map((d) => d.name), artifactPaths: artifactRows.map((a) => a.path) };
}

/** Deletes the dataset and its runs (their metrics, logs and artifact rows cascade) in one transaction. */
export async function deleteDatasetAndRuns(db: Database, datasetId: string): Promise<Dataset | null> {
  return db.transaction(async (tx) => {
    await tx.delete(runs).where(eq(runs.datasetId, datasetId));
    const [row] = await tx.delete(datasets).where(eq(datasets.id, datasetId)).returning();
    return row ?? null;
  });
}

/** Bytes recorded in the store: uploaded datasets and run artifacts (directories count as 0). */
export async function getStorageTotals(db: Database): Promise<{ datasetBytes: number; datasetCount: number; artifactBytes: number; artifactCount: number }> {
  const [d] = await db.select({ bytes: sql<string>`coalesce(sum(${datasets.sizeBytes}), 0)`, n: sql<number>`count(*)::int` }).from(datasets);
  const [a] = await db.select({ bytes: sql<string>`coalesce(sum(${artifacts.sizeBytes}), 0)`, n: sql<number>`count(*)::int` }).from(artifacts);
  return { datasetBytes: Number(d.bytes), datasetCount: d.n, artifactBytes: Number(a.bytes), artifactCount: a.n };
}
