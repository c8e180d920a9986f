import { promises as fs } from 'node:fs';
import path from 'node:path';
import { initBackend, readTable, trainOnTable, type BackendName, type TrainOnTableResult } from '@overture/trainer';
import { loadConfigFile } from '../load-config.js';
import { log } from '../output.js';
import { createProgressReporter } from '../progress.js';

export interface TrainOptions {
  config: string;
  dataset: string;
  outputDirectory: string;
  seed?: string;
  backend?: BackendName;
  json?: boolean;
  /** Ludwig's --model_load_path: start from this trained model's weights. */
  modelLoadPath?: string;
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** A bundle folder, or an output folder that holds one in `model/` (what `train` wrote). */
async function bundleDirectoryOf(given: string): Promise<string> {
  const inner = path.join(given, 'model');
  const hasInner = await fs.stat(path.join(inner, 'bundle.json')).then(() => true, () => false);
  return hasInner ? inner : given;
}

/** Shared by `train` and `experiment`: train, write the bundle and Ludwig's output files. */
export async function runTraining(options: TrainOptions): Promise<TrainOnTableResult> {
  const seed = options.seed === undefined ? 42 : Number(options.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${options.seed}'`);
  const config = await loadConfigFile(options.config);
  if (config.hyperopt !== null) {
    log('warning: the hyperopt section is not used by train or experiment (as in Ludwig); run `overture hyperopt` to search it. Training once with the values written in the config.');
  }
  const backend = await initBackend(options.backend);
  const table = await readTable(options.dataset);
  log(`read ${table.rowCount} rows × ${table.columns.length} columns from ${options.dataset}; backend ${backend}`);
  await fs.mkdir(options.outputDirectory, { recursive: true });
  const progress = createProgressReporter(false);
  const started = Date.now();
  const result = await trainOnTable({
    table, config, seed, outputDirectory: options.outputDirectory, callbacks: progress, log, datasetName: path.basename(options.dataset),
    // Image paths are relative to the dataset file (as in Ludwig) and read only inside its folder.
    imageRoot: path.dirname(path.resolve(options.dataset)),
    // pretrained_embeddings are the user's own files: read as given, relative to the working directory (Ludwig's rule).
    embeddingsPath: (file) => path.resolve(file),
    ...(options.modelLoadPath ? { modelLoadPath: await bundleDirectoryOf(options.modelLoadPath) } : {}),
  });
  const { outcome } = result;
  await fs.writeFile(path.join(options.outputDirectory, 'training_statistics.json'), json(outcome.statistics));
  await fs.writeFile(path.join(options.outputDirectory, 'description.json'), json({
    overture_version: config.overture_version, command: process.argv.slice(1).join(' '), random_seed: seed,
    dataset: path.resolve(options.dataset), config: outcome.config, ...(options.modelLoadPath ? { model_load_path: path.resolve(options.modelLoadPath) } : {}), backend, training_time_s: (Date.now() - started) / 1000,
  }));
  log(`trained ${outcome.progress.epoch} epochs (${outcome.stopReason}) in ${((Date.now() - started) / 1000).toFixed(1)} s; model saved to ${result.modelDirectory}`);
  return result;
}

/** `overture train`. */
export async function trainCommand(options: TrainOptions): Promise<void> {
  const result = await runTraining(options);
  if (options.json) {
    process.stdout.write(json({ model_path: result.modelDirectory, training_statistics: result.outcome.statistics, progress: result.outcome.progress }));
  }
  result.outcome.model.dispose();
}
