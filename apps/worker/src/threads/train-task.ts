import { promises as fs } from 'node:fs';
import path from 'node:path';
import { resolveStoredConfig } from '@overture/config';
import { confinedEmbeddingsPath, forecastSamplesFor, readTable, splitRows, testStatisticsFor, trainOnTable, TRAINING_CHECKPOINTS_DIR } from '@overture/trainer';
import { checkPretrainedModels, decodeMediaInputs, preprocessForTraining, preprocessingKey, readPreprocessed, writePreprocessed } from '@overture/trainer/preprocessing';
import { CONTROL, STOP, type TaskResults, type TrainTask } from './protocol.js';
import { resolveTaskTable } from './task-table.js';
import type { TaskContext } from './task-thread.js';

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** Preprocess (or reuse the cached dataset), train with checkpoints, and write Ludwig's output files. */
export async function runTrainTask(task: TrainTask, ctx: TaskContext): Promise<TaskResults['train']> {
  const { config } = resolveStoredConfig(task.config);
  // A pretrained encoder missing from the models root is a config error named before any data is read.
  await checkPretrainedModels(config, task.modelsDir);
  // The trainer marks what a user should act on with 'warning:' (no validation rows to calibrate on, …).
  const log = (message: string) => ctx.post({ kind: 'log', level: message.startsWith('warning:') ? 'warn' : 'info', message, ts: Date.now() });
  const cacheEntry = path.join(task.cacheDir, preprocessingKey(task.datasetHash, config, task.seed));
  // The table and media folder, resolved once and only when the table is read (a cache hit reads neither).
  let resolved: ReturnType<typeof resolveTaskTable> | null = null;
  const source = () => (resolved ??= resolveTaskTable(task));
  // Fine-tuning preprocesses with the loaded model's metadata (trainOnTable does it): the cache, keyed by data and config, does not apply.
  let preprocessed = task.modelLoadPath ? null : await readPreprocessed(cacheEntry);
  const cacheHit = preprocessed !== null;
  let table = { columns: [] as string[], rowCount: 0, data: {} };
  if (task.modelLoadPath) {
    table = await readTable((await source()).datasetFile, { limits: task.readLimits });
    log(`read ${table.rowCount} rows × ${table.columns.length} columns`);
  } else if (preprocessed) {
    log(`reusing the preprocessed dataset (${preprocessed.dataset.rowCount} rows) from the cache`);
  } else {
    table = await readTable((await source()).datasetFile, { limits: task.readLimits });
    log(`read ${table.rowCount} rows × ${table.columns.length} columns`);
    // Paths in cells are read only inside a dataset archive's folder (mediaRoot); an uploaded table names no other file of the worker's disk.
    const images = await decodeMediaInputs(table, config, { root: (await source()).mediaRoot, modelsDir: task.modelsDir });
    preprocessed = preprocessForTraining(table, config, { seed: task.seed, images });
    await fs.mkdir(task.cacheDir, { recursive: true });
    await writePreprocessed(cacheEntry, preprocessed);
  }
  await fs.mkdir(task.outputDirectory, { recursive: true });
  const result = await trainOnTable({
    table, config, seed: task.seed, outputDirectory: task.outputDirectory, checkpointDir: task.checkpointDir,
    ...(preprocessed ? { preprocessed } : {}), log, datasetName: task.datasetName,
    // A member's config may name only a file an admin put in DATA_DIR/pretrained.
    embeddingsPath: confinedEmbeddingsPath(task.pretrainedDir),
    // Pretrained text encoders come from the platform's models root; the bundle gets a copy.
    modelsDir: task.modelsDir,
    ...(task.modelLoadPath ? { modelLoadPath: task.modelLoadPath } : {}),
    ...(task.modelResumePath ? { modelResumePath: task.modelResumePath } : {}),
    // A trial is judged by its metric: permutation importance would only slow the search (as `overture hyperopt`),
    // and trials are many: none keeps a training state to continue.
    ...(task.evalSplit ? { featureImportance: false, keepTrainingState: false } : {}),
    callbacks: {
      onStart: (e) => ctx.post({ kind: 'start', totalSteps: e.totalSteps, stepsPerEpoch: e.stepsPerEpoch, resumedFromStep: e.resumedFromStep, ts: Date.now() }),
      onStep: (e) => ctx.post({ kind: 'step', ...e, ts: Date.now() }),
      onEvaluation: (e) => ctx.post({ kind: 'evaluation', epoch: e.epoch, step: e.step, metrics: e.metrics, progressPct: e.progressPct, etaSeconds: e.etaSeconds, ts: Date.now() }),
      beforeCheckpoint: async (e) => {
        if (!(await ctx.flush(e.epoch, e.step))) throw new Error('this attempt is stale: another worker has taken the run over');
      },
      onCheckpoint: (e) => ctx.post({ kind: 'checkpoint', epoch: e.epoch, step: e.step, ts: Date.now() }),
      shouldStop: () => Atomics.load(ctx.control, CONTROL.stop) !== STOP.none,
    },
  });
  const { outcome } = result;
  const files: { kind: string; path: string }[] = [];
  // A trial stopped by its study's scheduler keeps what it has learnt (Ludwig: partial results).
  const stoppedTrial = outcome.stopReason === 'cancelled' && Atomics.load(ctx.control, CONTROL.stop) === STOP.trial;
  if (outcome.stopReason !== 'cancelled' || stoppedTrial) {
    const write = async (kind: string, name: string, value: unknown) => {
      const file = path.join(task.outputDirectory, name);
      await fs.writeFile(file, json(value));
      files.push({ kind, path: file });
    };
    await write('training_statistics', 'training_statistics.json', outcome.statistics);
    await write('test_statistics', 'test_statistics.json', result.testStatistics ?? {});
    if (result.featureImportance) await write('feature_importance', 'feature_importance.json', result.featureImportance);
    // The run page's forecast chart: a few test rows' history, true and predicted horizon (real predictions, not kept elsewhere).
    if (!task.evalSplit && outcome.model.outputFeatures.some((f) => f.type === 'timeseries')) {
      const testRows = splitRows(result.dataset, 2);
      if (testRows.length > 0) await write('forecast_samples', 'forecast_samples.json', forecastSamplesFor(outcome.model, result.dataset, testRows));
    }
    if (result.modelDirectory) files.push({ kind: 'model_bundle', path: result.modelDirectory });
    // The final training state (weights, optimizer, progress), what "Continue training" starts from.
    const state = path.join(task.outputDirectory, TRAINING_CHECKPOINTS_DIR);
    if (!task.evalSplit && await fs.stat(state).then((s) => s.isDirectory(), () => false)) files.push({ kind: 'training_state', path: state });
    if (task.evalSplit) {
      const rows = splitRows(result.dataset, { training: 0, validation: 1, test: 2 }[task.evalSplit]);
      await write('eval_statistics', 'eval_statistics.json', rows.length > 0 ? testStatisticsFor(outcome.model, result.dataset, result.metadata, rows) : {});
    }
  }
  outcome.model.dispose();
  return { stopReason: stoppedTrial ? 'trial_stopped' : outcome.stopReason, resumedFromStep: outcome.resumedFromStep, progress: outcome.progress, files, cacheHit };
}
