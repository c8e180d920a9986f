import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { models, runs } from '../schema/index.js';
import { freshDatabase } from '../test/database.js';
import { queuedRun } from '../test/fixtures.js';
import { listRunArtifacts } from './artifacts.js';
import { listModels } from './model-library.js';
import { recordImportedModel, type ImportedModelInput } from './model-import.js';
import { listRunMetricSeries } from './metrics.js';

const config = { input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'binary' }] };

function input(overrides: Partial<ImportedModelInput> = {}): ImportedModelInput {
  const runId = randomUUID();
  return {
    runId, name: 'from the CLI', ownerId: null, yaml: 'input_features: []\n', resolvedConfig: config, message: 'imported from m.tar.gz', seed: 7,
    summary: { import: { fileName: 'm.tar.gz' } }, epoch: 2, step: 10, trainedAt: new Date('2026-01-02T03:04:05Z'),
    artifacts: [{ kind: 'model_bundle', path: `runs/${runId}/output/model`, contentType: 'inode/directory' }],
    metrics: [{ split: 'training', output: 'combined', metric: 'loss', step: 5, epoch: 1, value: 0.5 }, { split: 'training', output: 'combined', metric: 'loss', step: 10, epoch: 2, value: 0.25 }],
    ...overrides,
  };
}

describe('imported models', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => { database = await freshDatabase('model_import'); });
  afterAll(async () => { await database.drop(); });

  it('records a model, an imported version 1 without parent and a completed imported run without dataset', async () => {
    const recorded = await recordImportedModel(database.db, input());
    expect(recorded.version).toMatchObject({ version: 1, parentVersionId: null, imported: true, resolvedConfig: config });
    expect(recorded.run).toMatchObject({ status: 'completed', imported: true, datasetId: null, seed: 7, epoch: 2, step: 10, progressPct: 100, modelVersionId: recorded.version.id });
    expect(recorded.run.finishedAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect((await listRunArtifacts(database.db, recorded.run.id)).map((a) => a.kind)).toEqual(['model_bundle']);
    expect((await listRunMetricSeries(database.db, recorded.run.id)).map((s) => [s.metric, s.total, s.lastStep])).toEqual([['loss', 2, 10]]);
    expect((await listModels(database.db)).find((m) => m.id === recorded.model.id)).toMatchObject({ imported: true, datasetId: null, latestVersion: 1 });
  });

  it('writes nothing when a part fails (here a bundle path already recorded)', async () => {
    const first = await recordImportedModel(database.db, input());
    const path = (await listRunArtifacts(database.db, first.run.id))[0].path;
    const before = (await database.db.select().from(models)).length;
    const clash = input({ name: 'clash' });
    await expect(recordImportedModel(database.db, { ...clash, artifacts: [{ kind: 'model_bundle', path }] })).rejects.toThrow();
    expect((await database.db.select().from(models)).length).toBe(before);
    expect(await database.db.select().from(runs).where(eq(runs.id, clash.runId))).toEqual([]);
  });

  it('refuses a run without a dataset unless it is imported', async () => {
    const run = await queuedRun(database.db);
    await expect(database.db.update(runs).set({ datasetId: null }).where(eq(runs.id, run.id))).rejects.toMatchObject({ cause: { code: '23514', constraint: 'runs_dataset_or_imported' } });
  });
});
