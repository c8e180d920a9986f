import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchPrediction, createRun, getBatchPrediction, getDataset, getDatasetColumns, getRun, getRunLogs, listRunArtifacts, requestRunCancel } from '@overture/db';
import { deleteKeysWithPrefix, enqueue, keys, readRunEvents } from '@overture/jobs';
import { resolveConfig } from '@overture/config';
import { seedDataset, seedRun, toyConfig, toyCsv, waitFor } from '@overture/testing';
import { createPlatform, type Platform } from './test/platform.js';

const terminal = (status: string) => ['completed', 'failed', 'cancelled'].includes(status);

describe('one worker serving every job', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await createPlatform('jobs');
    await platform.startWorker();
  });
  afterAll(async () => { await platform?.close(); });

  it('stops a cancelled run within 2 seconds and marks it cancelled', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(2000));
    const run = await seedRun(db, dataset, toyConfig({ epochs: 30, batchSize: 8 }));
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await platform.waitForRun(run.id, (r) => r.status === 'running' && r.step > 50, 60_000);
    const requested = Date.now();
    await requestRunCancel(db, run.id);
    const cancelled = await platform.waitForRun(run.id, (r) => terminal(r.status), 10_000);
    expect(Date.now() - requested).toBeLessThan(2000);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.step).toBeLessThan(cancelled.totalSteps!);
    const job = await platform.queues.training.getJob(run.id);
    await waitFor('the job to complete', async () => (await job!.getState()) === 'completed');
  });

  it('marks a run whose config does not fit the data failed, with the error, and does not retry it', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(100));
    const run = await seedRun(db, dataset, toyConfig({ target: 'churned' }));
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    const failed = await platform.waitForRun(run.id, (r) => terminal(r.status), 60_000);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'invalid_data', attempt: 1 });
    expect(failed.error).toMatch(/Column 'churned' \(output feature 'churned'\) is not in the data/);
    const job = await platform.queues.training.getJob(run.id);
    await waitFor('the job to fail', async () => (await job!.getState()) === 'failed');
    expect((await platform.queues.training.getJob(run.id))!.attemptsMade).toBe(1);
  });

  it('streams a run\'s live events: start, per-step loss, per-metric evaluations, end', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(300));
    const run = await seedRun(db, dataset, toyConfig({ epochs: 2, batchSize: 32 }));
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    const reader = platform.redis.redis.duplicate();
    const events = [];
    for await (const item of readRunEvents(reader, { prefix: platform.redis.prefix, runId: run.id, blockMs: 1000 })) if (item) events.push(item.event);
    reader.disconnect();
    const done = await getRun(db, run.id);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('status');
    expect(types.at(-1)).toBe('end');
    expect(events.filter((e) => e.type === 'step')).toHaveLength(done!.totalSteps!);
    expect(events.find((e) => e.type === 'metric' && e.split === 'validation' && e.feature === 'label' && e.metric === 'accuracy'))
      .toMatchObject({ runId: run.id, attempt: 1, epoch: 1, step: done!.totalSteps! / 2 });
    expect(await platform.redis.redis.ttl(keys.runEvents(platform.redis.prefix, run.id))).toBeGreaterThan(0);
  });

  it('profiles a dataset into its column rows', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(150), 'to profile');
    await enqueue(platform.queues, 'dataset.profile', { datasetId: dataset.id });
    await waitFor('the profile', async () => (await getDataset(db, dataset.id))?.rowCount === 150, 60_000);
    const columns = await getDatasetColumns(db, dataset.id);
    expect(columns.map((c) => [c.name, c.inferredType])).toEqual([['x1', 'number'], ['x2', 'number'], ['color', 'category'], ['label', 'binary']]);
    expect(columns[2].topValues.map((v) => v.value).sort()).toEqual(['blue', 'green', 'red']);
  });

  it('evaluates a trained run and predicts a whole dataset with it', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(300));
    const run = await seedRun(db, dataset, toyConfig({ epochs: 2, batchSize: 32 }));
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await platform.waitForRun(run.id, (r) => r.status === 'completed', 60_000);
    expect((await listRunArtifacts(db, run.id)).map((a) => a.kind).sort()).toEqual(['feature_importance', 'model_bundle', 'test_statistics', 'training_state', 'training_statistics']);

    const evaluation = await platform.queues.training.add('training.evaluate', { runId: run.id, datasetId: dataset.id, split: 'test' });
    const prediction = await platform.queues.predictions.add('prediction.batch', { runId: run.id, datasetId: dataset.id });
    await waitFor('both jobs', async () => (await evaluation.getState()) === 'completed' && (await prediction.getState()) === 'completed', 60_000);
    const artifacts = await listRunArtifacts(db, run.id);
    const predictions = artifacts.find((a) => a.kind === 'predictions' && a.metadata.format === 'jsonl')!;
    const lines = readFileSync(path.join(platform.dataDir, predictions.path), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(300);
    const ludwigColumns = Object.keys(lines[0]);
    expect(ludwigColumns).toEqual(['label_predictions', expect.stringMatching(/^label_probabilities_./), expect.stringMatching(/^label_probabilities_./), 'label_probability']);
    // The same predictions as CSV and Parquet, for spreadsheets and dataframes.
    const csv = artifacts.find((a) => a.kind === 'predictions' && a.metadata.format === 'csv')!;
    expect(csv.contentType).toBe('text/csv');
    const csvLines = readFileSync(path.join(platform.dataDir, csv.path), 'utf8').trim().split('\n');
    expect(csvLines[0]).toBe(ludwigColumns.join(','));
    expect(csvLines).toHaveLength(301);
    expect(csvLines[1]).toBe(ludwigColumns.map((c) => String(lines[0][c])).join(','));
    const parquet = artifacts.find((a) => a.kind === 'predictions' && a.metadata.format === 'parquet')!;
    const bytes = readFileSync(path.join(platform.dataDir, parquet.path));
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    expect(rows).toHaveLength(300);
    expect(rows[0]).toEqual(lines[0]);
    const evaluated = artifacts.find((a) => a.kind === 'evaluation')!;
    expect(evaluated.path).toBe(`runs/${run.id}/evaluations/${evaluated.id}.json`);
    expect(existsSync(path.join(platform.dataDir, evaluated.path))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(platform.dataDir, evaluated.path), 'utf8')).label.accuracy).toBeGreaterThan(0.7);
  });

  it("keeps a forecasting run's first test forecasts (history, truth, forecast) as forecast_samples", async () => {
    const { db } = platform.database;
    const csv = ['load', ...Array.from({ length: 200 }, (_, i) => (10 + 3 * Math.sin(i / 4)).toFixed(3))].join('\n');
    const dataset = await seedDataset(db, platform.dataDir, csv, 'load');
    const config = resolveConfig({
      input_features: [{ name: 'load', type: 'timeseries', preprocessing: { window_size: 12 }, encoder: { type: 'patchtst', patch_size: 4, patch_stride: 4, d_model: 8, num_heads: 2, num_layers: 1, ffn_dim: 8, output_size: 8 } }],
      output_features: [{ name: 'load_next', type: 'timeseries', column: 'load', preprocessing: { horizon: 3 } }],
      trainer: { epochs: 2, batch_size: 32 },
    }).config;
    const run = await seedRun(db, dataset, config);
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await platform.waitForRun(run.id, (r) => r.status === 'completed', 60_000);
    const artifact = (await listRunArtifacts(db, run.id)).find((a) => a.kind === 'forecast_samples');
    expect(artifact).toBeDefined();
    const samples = JSON.parse(readFileSync(path.join(platform.dataDir, artifact!.path), 'utf8'));
    expect(samples.load_next.input).toBe('load');
    expect(samples.load_next.samples).toHaveLength(20);
    for (const s of samples.load_next.samples) {
      expect(s.history).toHaveLength(12);
      expect(s.truth).toHaveLength(3);
      expect(s.forecast).toHaveLength(3);
      expect(s.forecast.every(Number.isFinite)).toBe(true);
    }
  });

  it("fine-tunes: a run with modelLoadRunId starts from that run's bundle on its own dataset, and fails in words when the bundle is gone", async () => {
    const { db } = platform.database;
    const first = await seedRun(db, await seedDataset(db, platform.dataDir, toyCsv(200, 1)), toyConfig({ epochs: 2, batchSize: 32 }));
    await enqueue(platform.queues, 'training.run', { runId: first.id });
    await platform.waitForRun(first.id, (r) => r.status === 'completed', 60_000);
    const other = await seedDataset(db, platform.dataDir, toyCsv(150, 7));
    const tuned = await createRun(db, { modelVersionId: first.modelVersionId, datasetId: other.id, config: first.config, modelLoadRunId: first.id });
    await enqueue(platform.queues, 'training.run', { runId: tuned.id });
    await platform.waitForRun(tuned.id, (r) => r.status === 'completed', 60_000);
    const messages = (await getRunLogs(db, tuned.id)).map((l) => l.message);
    expect(messages).toContainEqual(`fine-tuning: training starts from the weights of run ${first.id.slice(0, 8)}`);
    expect(messages).toContainEqual(expect.stringMatching(/^model_load_path: (\d+) of \1 parameters start from/));

    rmSync(path.join(platform.dataDir, 'runs', first.id, 'output', 'model'), { recursive: true });
    const orphan = await createRun(db, { modelVersionId: first.modelVersionId, datasetId: other.id, config: first.config, modelLoadRunId: first.id });
    await enqueue(platform.queues, 'training.run', { runId: orphan.id });
    const failed = await platform.waitForRun(orphan.id, (r) => terminal(r.status), 60_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`run ${first.id.slice(0, 8)}, whose model this run fine-tunes, has no model bundle any more; start the run again from another model`);
  });

  it("continues training: a run with resumeRunId picks up that run's kept state and trains more epochs, numbered on; fails in words when the state is gone", async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(200, 1));
    const first = await seedRun(db, dataset, toyConfig({ epochs: 2, batchSize: 32 }));
    await enqueue(platform.queues, 'training.run', { runId: first.id });
    const done = await platform.waitForRun(first.id, (r) => r.status === 'completed', 60_000);
    const [state] = await listRunArtifacts(db, first.id, 'training_state');
    expect(state).toMatchObject({ path: `runs/${first.id}/output/training_checkpoints`, contentType: 'inode/directory' });
    const trainer = first.config.trainer as Record<string, unknown>;
    const more = await createRun(db, { modelVersionId: first.modelVersionId, datasetId: dataset.id, config: { ...first.config, trainer: { ...trainer, epochs: 4 } }, seed: first.seed, resumeRunId: first.id });
    await enqueue(platform.queues, 'training.run', { runId: more.id });
    const continued = await platform.waitForRun(more.id, (r) => terminal(r.status), 60_000);
    expect(continued).toMatchObject({ status: 'completed', epoch: 4, step: 2 * done.step, totalSteps: 2 * done.totalSteps! });
    expect(continued.summary).toMatchObject({ resumedFromStep: done.step, progress: { epoch: 4 } });
    const messages = (await getRunLogs(db, more.id)).map((l) => l.message);
    expect(messages).toContainEqual(`continuing the training of run ${first.id.slice(0, 8)} from its saved state`);
    expect(messages).toContainEqual(`resumed from the checkpoint at step ${done.step} of ${2 * done.totalSteps!}`);
    // Its statistics hold all four epochs: the first two are the first run's.
    const statistics = (dir: string) => JSON.parse(readFileSync(path.join(platform.dataDir, 'runs', dir, 'output', 'training_statistics.json'), 'utf8'));
    const [before, after] = [statistics(first.id), statistics(more.id)];
    expect(after.validation.combined.loss).toHaveLength(4);
    expect(after.validation.combined.loss.slice(0, 2)).toEqual(before.validation.combined.loss);

    rmSync(path.join(platform.dataDir, 'runs', first.id, 'output', 'training_checkpoints'), { recursive: true });
    const orphan = await createRun(db, { modelVersionId: first.modelVersionId, datasetId: dataset.id, config: more.config, seed: first.seed, resumeRunId: first.id });
    await enqueue(platform.queues, 'training.run', { runId: orphan.id });
    const failed = await platform.waitForRun(orphan.id, (r) => terminal(r.status), 60_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`run ${first.id.slice(0, 8)}, whose training this run continues, has no saved training state any more; start a new run or fine-tune its model instead`);
  });

  it('names batch prediction outputs after their rows, so a Redis reset (job ids back at 1) overwrites nothing', async () => {
    const { db } = platform.database;
    const training = await seedDataset(db, platform.dataDir, toyCsv(200));
    const run = await seedRun(db, training, toyConfig({ epochs: 1, batchSize: 32 }));
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await platform.waitForRun(run.id, (r) => r.status === 'completed', 60_000);
    /** As the web does it: the row first, then the job under the row's id. */
    const predictOnce = async (rows: number) => {
      const dataset = await seedDataset(db, platform.dataDir, toyCsv(rows));
      const row = await createBatchPrediction(db, { runId: run.id, datasetId: dataset.id });
      expect(await enqueue(platform.queues, 'prediction.batch', { runId: run.id, datasetId: dataset.id, batchPredictionId: row.id })).toBe(row.id);
      return waitFor(`batch prediction ${row.id}`, async () => {
        const current = await getBatchPrediction(db, row.id);
        return current?.status === 'completed' || current?.status === 'failed' ? current : null;
      }, 60_000, 100);
    };
    const first = await predictOnce(30);
    await deleteKeysWithPrefix(platform.redis.redis, platform.redis.prefix); // what emptying Redis does to this platform
    const second = await predictOnce(20);
    expect([first.status, second.status]).toEqual(['completed', 'completed']);
    expect([first.rows, second.rows]).toEqual([30, 20]);
    const artifacts = await listRunArtifacts(db, run.id, 'predictions');
    const byId = new Map(artifacts.map((a) => [a.id, a]));
    const [firstFile, secondFile] = [byId.get(first.artifactId!)!, byId.get(second.artifactId!)!];
    expect(artifacts).toHaveLength(6); // JSON lines, CSV and Parquet of each
    expect(firstFile.path).toBe(`runs/${run.id}/predictions/${first.id}.jsonl`);
    expect(secondFile.path).toBe(`runs/${run.id}/predictions/${second.id}.jsonl`);
    const lines = (file: { path: string }) => readFileSync(path.join(platform.dataDir, file.path), 'utf8').trim().split('\n');
    expect(lines(firstFile)).toHaveLength(30);
    expect(lines(secondFile)).toHaveLength(20);
    expect(firstFile.metadata).toEqual({ rows: 30, failedRows: 0, format: 'jsonl', batchPredictionId: first.id });
    // Written under a partial name and renamed: nothing else is left beside the results.
    expect(readdirSync(path.join(platform.dataDir, 'runs', run.id, 'predictions')).sort()).toEqual([first.id, second.id].flatMap((id) => ['csv', 'jsonl', 'parquet'].map((ext) => `${id}.${ext}`)).sort());
  });

  it('marks a batch prediction of a run that has no model failed, with the reason, without retrying', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(20));
    const run = await seedRun(db, dataset, toyConfig());
    const row = await createBatchPrediction(db, { runId: run.id, datasetId: dataset.id });
    await enqueue(platform.queues, 'prediction.batch', { runId: run.id, datasetId: dataset.id, batchPredictionId: row.id });
    const failed = await waitFor('the batch prediction to fail', async () => {
      const current = await getBatchPrediction(db, row.id);
      return current?.status === 'failed' ? current : null;
    }, 30_000, 100);
    expect(failed.error).toBe(`run ${run.id} has no trained model (status queued)`);
    expect((await platform.queues.predictions.getJob(row.id))!.attemptsMade).toBe(1);
  });
});
