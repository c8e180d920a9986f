import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError, type ResolvedConfig } from '@overture/config';
import { readBundleDescription } from '../bundle/read-bundle.js';
import type { RawTable } from '../data/index.js';
import { decodeMediaInputs, preprocessForTraining, type PreprocessingReport, type ProcessedDataset, type TrainingSetMetadata } from '../preprocessing/index.js';
import { trainModel, type TrainingCallbacks, type TrainingOutcome } from '../training/train.js';
import { splitRows } from '../training/batches.js';
import { TRAINING_CHECKPOINTS_DIR, TRAINING_PROGRESS_FILE } from '../training/resume-state.js';
import { saveBundle } from '../bundle/save-bundle.js';
import { pretrainedEmbeddingWeights, type EmbeddingsPathResolver } from '../model/pretrained-embeddings.js';
import { warmStartWeights } from '../model/warm-start.js';
import { testStatisticsFor } from './test-statistics.js';
import { featureImportance, type FeatureImportanceReport } from './feature-importance.js';

export interface TrainOnTableOptions {
  table: RawTable;
  config: ResolvedConfig;
  seed: number;
  /** Where `model/` and `training_statistics.json` go; nothing is written when omitted. */
  outputDirectory?: string;
  /** Checkpoints (and resuming) live here; defaults to `<outputDirectory>/training_checkpoints` (Ludwig's folder); null: none. */
  checkpointDir?: string | null;
  callbacks?: TrainingCallbacks;
  log?: (message: string) => void;
  datasetName?: string;
  /** Permutation importance of the inputs (default true); a hyperopt trial skips it. */
  featureImportance?: boolean;
  /**
   * Folder that image paths in the table are read from (the dataset file's folder); paths outside it
   * are refused. Null or absent: image cells must be base64 or data URIs.
   */
  imageRoot?: string | null;
  /**
   * Where `pretrained_embeddings` paths are read (the CLI: as given; the platform: inside
   * DATA_DIR/pretrained). Absent: a config naming such a file is refused.
   */
  embeddingsPath?: EmbeddingsPathResolver;
  /**
   * The models root that pretrained text encoders (bert, …) are read from (OVERTURE_MODELS_DIR,
   * --models-dir); their files are copied into the bundle. Null or absent: such encoders are refused.
   */
  modelsDir?: string | null;
  /** Ludwig's `model_load_path`: a bundle whose weights training starts from (fine-tuning on this table). */
  modelLoadPath?: string;
  /**
   * Ludwig's `model_resume_path`: an output folder (or its training_checkpoints/) whose saved training
   * state this training continues (same config but trainer.epochs, train_steps, early_stop; same seed and data).
   */
  modelResumePath?: string;
  /**
   * Keep the final training state in `<outputDirectory>/training_checkpoints` (and `training_progress.json`)
   * so the training can be continued later (default true; Ludwig's skip_save_progress turns it off).
   */
  keepTrainingState?: boolean;
  /** The result of `preprocessForTraining(table, config, {seed})`, e.g. from a cache; computed when absent. */
  preprocessed?: { dataset: ProcessedDataset; metadata: TrainingSetMetadata; report: PreprocessingReport };
}

export interface TrainOnTableResult {
  outcome: TrainingOutcome;
  dataset: ProcessedDataset;
  metadata: TrainingSetMetadata;
  report: PreprocessingReport;
  /** Ludwig's test_statistics.json shape, on the test split (null when it is empty). */
  testStatistics: Record<string, unknown> | null;
  /** Permutation importance of each input on the test split (validation split when there is no test split). */
  featureImportance: FeatureImportanceReport | null;
  modelDirectory: string | null;
}

/** Decodes the image and audio columns, then preprocesses; the decoded columns are garbage once this returns (training never holds them). */
export async function preprocessWithMedia(table: RawTable, config: ResolvedConfig, seed: number, root: string | null, baseMetadata?: TrainingSetMetadata, modelsDir: string | null = null) {
  const images = await decodeMediaInputs(table, config, { root, modelsDir, ...(baseMetadata ? { metadata: baseMetadata } : {}) });
  return preprocessForTraining(table, config, { seed, images, ...(baseMetadata ? { baseMetadata } : {}) });
}

/** The training-set metadata of the bundle a fine-tuning run starts from, or a config error saying why not. */
async function bundleMetadata(directory: string): Promise<TrainingSetMetadata> {
  try {
    return (await readBundleDescription(directory)).metadata;
  } catch (error) {
    throw new OvertureError('invalid_config', `model_load_path '${directory}' is not a model bundle Overture can load (${(error as Error).message})`);
  }
}

/** Preprocess, train, evaluate on the test split, and write the bundle: what `overture train/experiment` do. */
export async function trainOnTable(options: TrainOnTableOptions): Promise<TrainOnTableResult> {
  const { table, seed, outputDirectory, log = () => undefined } = options;
  if (options.modelLoadPath && options.modelResumePath) {
    throw new OvertureError('invalid_config', 'give either model_load_path (start a new training from a model\'s weights) or model_resume_path (continue a saved training), not both');
  }
  // Fine-tuning preprocesses as the loaded model was trained (its statistics, bins and vocabularies, extended).
  const baseMetadata = options.modelLoadPath ? await bundleMetadata(options.modelLoadPath) : undefined;
  if (baseMetadata && options.preprocessed) throw new Error('trainOnTable: fine-tuning preprocesses with the loaded model\'s metadata; do not pass a preprocessed dataset');
  const { dataset, metadata, report } = options.preprocessed ?? await preprocessWithMedia(table, options.config, seed, options.imageRoot ?? null, baseMetadata, options.modelsDir ?? null);
  // Values appended to the loaded model's vocabularies are named by warmStartWeights, which starts their rows.
  // The vocabularies are known now: pretrained vectors start their tables (and set their widths in the config the bundle keeps).
  const { config, weights: pretrained } = await pretrainedEmbeddingWeights(options.config, metadata, { resolve: options.embeddingsPath, seed, log });
  // A loaded model's weights win over a pretrained file's: they were trained from it already.
  const initialWeights = options.modelLoadPath ? { ...pretrained, ...await warmStartWeights(options.modelLoadPath, config, metadata, seed, log) } : pretrained;
  for (const [feature, issues] of Object.entries(report.unreadableImages ?? {})) {
    const count = report.unparseableValues[feature] ?? issues.length;
    log(`image feature '${feature}': ${count} images could not be read and were treated as missing (${issues.map((i) => `row ${i.row} ${i.message}`).join('; ')}${count > issues.length ? '; …' : ''})`);
  }
  for (const [feature, issues] of Object.entries(report.unreadableAudio ?? {})) {
    const count = report.unparseableValues[feature] ?? issues.length;
    log(`audio feature '${feature}': ${count} recordings could not be read and were treated as missing (${issues.map((i) => `row ${i.row} ${i.message}`).join('; ')}${count > issues.length ? '; …' : ''})`);
  }
  for (const [feature, count] of Object.entries(report.croppedAudio ?? {})) {
    const meta = metadata[feature];
    const limit = meta?.type === 'audio' ? ` to audio_file_length_limit_in_s ${meta.preprocessing.audio_file_length_limit_in_s}` : '';
    log(`audio feature '${feature}': ${count} recordings were longer than the limit and were cut${limit}`);
  }
  log(`preprocessed ${report.rows.total} rows: ${report.split.train} training, ${report.split.validation} validation, ${report.split.test} test`);
  for (const [feature, rows] of Object.entries(report.truncatedSequences)) {
    const meta = metadata[feature];
    const length = meta?.type === 'text' || meta?.type === 'sequence' ? ` to max_sequence_length ${meta.max_sequence_length}` : '';
    log(`${meta?.type ?? 'text'} feature '${feature}': ${rows} rows were longer than the sequence length and were truncated${length} (raise preprocessing.max_sequence_length to keep more)`);
  }
  const stateDir = outputDirectory ? path.join(outputDirectory, TRAINING_CHECKPOINTS_DIR) : undefined;
  const checkpointDir = options.checkpointDir === null ? undefined : options.checkpointDir ?? stateDir;
  const finalStateDir = options.keepTrainingState === false ? undefined : stateDir;
  const outcome = await trainModel({
    config, dataset, metadata, seed, checkpointDir, callbacks: options.callbacks, log, initialWeights,
    ...(options.modelResumePath ? { resumeFrom: options.modelResumePath } : {}), ...(finalStateDir ? { finalStateDir } : {}),
  });
  if (finalStateDir && outputDirectory && outcome.stopReason !== 'cancelled') {
    await fs.writeFile(path.join(outputDirectory, TRAINING_PROGRESS_FILE), JSON.stringify(outcome.progress, null, 2) + '\n');
  }
  const testRows = splitRows(dataset, 2);
  const testStatistics = testRows.length > 0 ? testStatisticsFor(outcome.model, dataset, metadata, testRows) : null;
  const importanceRows = testRows.length > 0 ? testRows : splitRows(dataset, 1);
  const importance = importanceRows.length > 0 && options.featureImportance !== false
    ? await featureImportance(outcome.model, outcome.config, dataset, metadata, importanceRows, seed)
    : null;
  let modelDirectory: string | null = null;
  if (outputDirectory) {
    modelDirectory = path.join(outputDirectory, 'model');
    await saveBundle({
      directory: modelDirectory, model: outcome.model, config: outcome.config, metadata, seed,
      progress: outcome.progress, statistics: outcome.statistics, testStatistics, datasetName: options.datasetName,
      report, featureImportance: importance, calibration: outcome.calibration, modelsDir: options.modelsDir ?? null,
    });
  }
  return { outcome, dataset, metadata, report, testStatistics, featureImportance: importance, modelDirectory };
}
