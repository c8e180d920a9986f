import type { Database } from '../client.js';
import { artifacts, models, modelVersions, runMetrics, runs } from '../schema/index.js';
import type { MetricPoint } from './metrics.js';
import type { Model, ModelVersion } from './models.js';
import type { Run } from './runs.js';

export interface ImportedModelInput {
  /** Chosen by the caller: the bundle already sits under `runs/<runId>/` in the store. */
  runId: string;
  name: string;
  description?: string | null;
  ownerId: string | null;
  yaml: string;
  resolvedConfig: Record<string, unknown>;
  /** Version message, e.g. where the bundle came from. */
  message: string;
  seed: number;
  /** Run summary: the bundle's training progress (key metric) and `import` (file, format, trainer version). */
  summary: Record<string, unknown>;
  /** Final position of the training, when the bundle says. */
  epoch?: number;
  step?: number;
  /** When the bundle was trained (its manifest's `created`). */
  trainedAt?: Date | null;
  /** Files of the run, paths relative to DATA_DIR (the bundle directory as `model_bundle`). */
  artifacts: { kind: string; path: string; sizeBytes?: number | null; contentType?: string | null }[];
  /** Learning curves recovered from the bundle's training statistics. */
  metrics?: readonly MetricPoint[];
}

/**
 * Records a bundle trained outside the platform in one transaction: a model, its version 1
 * (flagged imported, no parent) and a completed run of it (flagged imported, no dataset) with its
 * artifacts and metrics. Either all of it exists afterwards or none of it does.
 */
export async function recordImportedModel(db: Database, input: ImportedModelInput): Promise<{ model: Model; version: ModelVersion; run: Run }> {
  return db.transaction(async (tx) => {
    const [model] = await tx.insert(models).values({ name: input.name, description: input.description ?? null, ownerId: input.ownerId, datasetId: null }).returning();
    const [version] = await tx.insert(modelVersions).values({
      modelId: model.id, version: 1, yaml: input.yaml, resolvedConfig: input.resolvedConfig, parentVersionId: null,
      authorId: input.ownerId, message: input.message, imported: true,
    }).returning();
    const [run] = await tx.insert(runs).values({
      id: input.runId, modelVersionId: version.id, datasetId: null, config: input.resolvedConfig, seed: input.seed,
      status: 'completed', imported: true, createdById: input.ownerId, progressPct: 100, etaSeconds: 0,
      epoch: input.epoch ?? 0, step: input.step ?? 0, totalSteps: input.step ?? null,
      startedAt: null, finishedAt: input.trainedAt ?? new Date(), summary: input.summary,
    }).returning();
    if (input.artifacts.length > 0) {
      await tx.insert(artifacts).values(input.artifacts.map((a) => ({
        runId: run.id, kind: a.kind, path: a.path, sizeBytes: a.sizeBytes ?? null, contentType: a.contentType ?? null,
      })));
    }
    const points = input.metrics ?? [];
    for (let i = 0; i < points.length; i += 5000) {
      await tx.insert(runMetrics).values(points.slice(i, i + 5000).map((p) => ({ runId: run.id, ...p }))).onConflictDoNothing();
    }
    return { model, version, run };
  });
}
