import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError, resolveStoredConfig, type ResolvedConfig } from '@overture/config';
import { initBackend, readResumeState, readTable, trainOnTable, type BackendName, type TrainOnTableResult } from '@overture/trainer';
import { checkPretrainedModels } from '@overture/trainer/preprocessing';
import { loadConfigFile } from '../load-config.js';
import { log } from '../output.js';
import { createProgressReporter } from '../progress.js';

export interface TrainOptions {
  /** Required unless resuming (then the saved config is used; a given one may change only trainer.epochs, train_steps, early_stop). */
  config?: string;
  /** Required unless resuming (then the dataset description.json names). */
  dataset?: string;
  /** Required unless resuming (then the resume folder, as in Ludwig). */
  outputDirectory?: string;
  seed?: string;
  backend?: BackendName;
  /** The models root of pretrained text encoders (--models-dir, OVERTURE_MODELS_DIR). */
  modelsDir?: string;
  json?: boolean;
  /** Ludwig's --model_load_path: start from this trained model's weights. */
  modelLoadPath?: string;
  /** Ludwig's --model_resume_path: continue the training saved in this output folder. */
  modelResumePath?: string;
  /** Ludwig's --skip_save_progress: no checkpoints and no kept state (the run can be neither resumed nor continued). */
  skipSaveProgress?: boolean;
}

/** The run's inputs once a resumed training's defaults are filled in from what it saved. */
interface TrainingInputs {
  config: ResolvedConfig;
  dataset: string;
  outputDirectory: string;
  seed: number;
}

const need = (flag: string) => new OvertureError('invalid_input', `${flag} is required (or --model-resume-path, to continue a saved training)`);

function parseSeed(given: string | undefined, fallback: number): number {
  const seed = given === undefined ? fallback : Number(given);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${given}'`);
  return seed;
}

/** The dataset a resumed output folder's description.json names, if any. */
async function recordedDataset(folder: string): Promise<string | undefined> {
  const text = await fs.readFile(path.join(folder, 'description.json'), 'utf8').catch(() => null);
  const dataset = text ? (JSON.parse(text) as { dataset?: unknown }).dataset : undefined;
  return typeof dataset === 'string' ? dataset : undefined;
}

/**
 * Ludwig's model_resume_path continues in the folder it is given, with the saved seed; Overture also
 * takes the saved config when none is given, and the dataset the run recorded.
 */
async function trainingInputs(options: TrainOptions): Promise<TrainingInputs> {
  if (!options.modelResumePath) {
    if (!options.config) throw need('--config');
    if (!options.dataset) throw need('--dataset');
    if (!options.outputDirectory) throw need('--output-directory');
    return { config: await loadConfigFile(options.config), dataset: options.dataset, outputDirectory: options.outputDirectory, seed: parseSeed(options.seed, 42) };
  }
  const { state } = await readResumeState(options.modelResumePath);
  const dataset = options.dataset ?? await recordedDataset(options.modelResumePath);
  if (!dataset) throw new OvertureError('invalid_input', `--dataset is required: '${options.modelResumePath}' has no description.json naming the dataset it was trained on`);
  return {
    config: options.config ? await loadConfigFile(options.config) : resolveStoredConfig(state.config).config,
    dataset, outputDirectory: options.outputDirectory ?? options.modelResumePath, seed: parseSeed(options.seed, state.seed),
  };
}

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** A bundle folder, or an output folder that holds one in `model/` (what `train` wrote). */
async function bundleDirectoryOf(given: string): Promise<string> {
  const inner = path.join(given, 'model');
  const hasInner = await fs.stat(path.join(inner, 'bundle.json')).then(() => true, () => false);
  return hasInner ? inner : given;
}

/** Shared by `train` and `experiment`: train, write the bundle and Ludwig's output files. */
export async function runTraining(options: TrainOptions): Promise<TrainOnTableResult & { outputDirectory: string }> {
  const { config, dataset, outputDirectory, seed } = await trainingInputs(options);
  if (config.hyperopt !== null) {
    log('warning: the hyperopt section is not used by train or experiment (as in Ludwig); run `overture hyperopt` to search it. Training once with the values written in the config.');
  }
  // A missing pretrained model is reported before any data is read or any backend started.
  await checkPretrainedModels(config, options.modelsDir ?? null);
  const backend = await initBackend(options.backend);
  const table = await readTable(dataset);
  log(`read ${table.rowCount} rows × ${table.columns.length} columns from ${dataset}; backend ${backend}`);
  await fs.mkdir(outputDirectory, { recursive: true });
  const progress = createProgressReporter(false);
  const started = Date.now();
  const result = await trainOnTable({
    table, config, seed, outputDirectory: outputDirectory, callbacks: progress, log, datasetName: path.basename(dataset),
    // Image paths are relative to the dataset file (as in Ludwig) and read only inside its folder.
    imageRoot: path.dirname(path.resolve(dataset)),
    modelsDir: options.modelsDir ?? null,
    // pretrained_embeddings are the user's own files: read as given, relative to the working directory (Ludwig's rule).
    embeddingsPath: (file) => path.resolve(file),
    ...(options.modelLoadPath ? { modelLoadPath: await bundleDirectoryOf(options.modelLoadPath) } : {}),
    ...(options.modelResumePath ? { modelResumePath: options.modelResumePath } : {}),
    ...(options.skipSaveProgress ? { checkpointDir: null, keepTrainingState: false } : {}),
  });
  const { outcome } = result;
  await fs.writeFile(path.join(outputDirectory, 'training_statistics.json'), json(outcome.statistics));
  await fs.writeFile(path.join(outputDirectory, 'description.json'), json({
    overture_version: config.overture_version, command: process.argv.slice(1).join(' '), random_seed: seed,
    dataset: path.resolve(dataset), config: outcome.config, ...(options.modelLoadPath ? { model_load_path: path.resolve(options.modelLoadPath) } : {}),
    ...(options.modelResumePath ? { model_resume_path: path.resolve(options.modelResumePath), resumed_from_step: outcome.resumedFromStep } : {}), backend, training_time_s: (Date.now() - started) / 1000,
  }));
  log(`trained ${outcome.progress.epoch} epochs (${outcome.stopReason}) in ${((Date.now() - started) / 1000).toFixed(1)} s; model saved to ${result.modelDirectory}`);
  return { ...result, outputDirectory };
}

/** `overture train`. */
export async function trainCommand(options: TrainOptions): Promise<void> {
  const result = await runTraining(options);
  if (options.json) {
    process.stdout.write(json({ model_path: result.modelDirectory, training_statistics: result.outcome.statistics, progress: result.outcome.progress }));
  }
  result.outcome.model.dispose();
}
