import type { PredictionFormat } from './prediction-files.js';
import type { DatasetProfile } from '@overture/config';
import type { ReadLimits } from '@overture/trainer/data';

/** Slots of the Int32Array shared with a task thread (SharedArrayBuffer: read between steps, no event loop needed). */
export const CONTROL = { stop: 0 } as const;
/** Values of the stop slot. */
/** `trial`: a study's scheduler stopped the trial early; unlike a cancel, its results are kept. */
export const STOP = { none: 0, cancel: 1, shutdown: 2, stale: 3, trial: 4 } as const;

export interface TrainTask {
  kind: 'train';
  runId: string;
  datasetFile: string;
  /** The folder image/audio paths in cells are read inside (a dataset archive's); absent: no path is read. */
  mediaRoot?: string | null;
  /** A dataset archive not unpacked yet: `datasetFile` is the zip, unpacked here first (task-table.ts). */
  archiveFolder?: string;
  /** Cache key part: the stored file's content hash. */
  datasetHash: string;
  config: Record<string, unknown>;
  seed: number;
  outputDirectory: string;
  checkpointDir: string;
  cacheDir: string;
  /** The folder configs' pretrained_embeddings name files in (DATA_DIR/pretrained); nothing outside it is read. */
  pretrainedDir: string;
  /** The models root pretrained text encoders (bert, …) are read from; the bundle keeps its own copy. */
  modelsDir: string;
  datasetName: string;
  readLimits?: ReadLimits;
  /** Fine-tuning (Ludwig's model_load_path): the bundle whose weights training starts from. */
  modelLoadPath?: string;
  /** Continue training (Ludwig's model_resume_path): the kept training state (training_checkpoints folder) this run continues. */
  modelResumePath?: string;
  /** A hyperopt trial: the split its eval_stats are computed on (Ludwig's `hyperopt.eval_split`). */
  evalSplit?: 'training' | 'validation' | 'test';
}

export interface ProfileTask {
  kind: 'profile';
  datasetFile: string;
  /** The dataset is a zip of a table and its media: unpack it into this folder first (see unpackDatasetArchive). */
  archiveFolder?: string;
  readLimits: ReadLimits;
  /** Where to write the rows as CSV for the web's preview (formats the web does not page itself). */
  preview?: { file: string; maxRows: number };
  /** Where thumbnails of image columns go: `<folder>/<column position>-<n>.png` (datasetThumbnailPath). */
  thumbnailsFolder?: string;
}

export interface EvaluateTask {
  kind: 'evaluate';
  modelDirectory: string;
  datasetFile: string;
  mediaRoot?: string | null;
  archiveFolder?: string;
  split: 'full' | 'training' | 'validation' | 'test';
  outputFile: string;
  readLimits?: ReadLimits;
  /** Pretrained text encoders when the bundle carries no copy (bundles trained here always do). */
  modelsDir?: string | null;
}

export interface PredictTask {
  kind: 'predict';
  modelDirectory: string;
  datasetFile: string;
  mediaRoot?: string | null;
  archiveFolder?: string;
  outputFile: string;
  readLimits?: ReadLimits;
  /** Pretrained text encoders when the bundle carries no copy (bundles trained here always do). */
  modelsDir?: string | null;
}

export type Task = TrainTask | ProfileTask | EvaluateTask | PredictTask;

export interface TaskResults {
  train: { stopReason: 'completed' | 'early_stop' | 'cancelled' | 'trial_stopped'; resumedFromStep: number | null; progress: Record<string, unknown>; files: { kind: string; path: string }[]; cacheHit: boolean };
  profile: { profile: DatasetProfile; rowCount: number };
  evaluate: { rows: number; statistics: Record<string, unknown> };
  /** `files`: the result in each format (JSON lines at the task's outputFile). */
  predict: { rows: number; failedRows: number; files: { format: PredictionFormat; path: string }[] };
}

/** Messages a task thread posts to the worker's main thread. */
export type ThreadMessage =
  | { kind: 'start'; totalSteps: number; stepsPerEpoch: number; resumedFromStep: number | null; ts: number }
  | { kind: 'step'; epoch: number; step: number; totalSteps: number; loss: number; learningRate: number; progressPct: number; etaSeconds: number | null; ts: number }
  | { kind: 'evaluation'; epoch: number; step: number; metrics: Partial<Record<string, Record<string, Record<string, number>>>>; progressPct: number; etaSeconds: number | null; ts: number }
  /** Waits for a `flushed` reply: everything posted so far is durable before the checkpoint is written. */
  | { kind: 'before-checkpoint'; id: number; epoch: number; step: number }
  | { kind: 'checkpoint'; epoch: number; step: number; ts: number }
  | { kind: 'log'; level: 'info' | 'warn'; message: string; ts: number }
  | { kind: 'done'; result: TaskResults[keyof TaskResults] }
  | { kind: 'error'; error: SerializedError };

/** Replies of the main thread. */
export type ParentMessage = { kind: 'flushed'; id: number; ok: boolean };

export interface SerializedError {
  name: string;
  message: string;
  /** OvertureError code: a user error (bad config or data) that retrying cannot fix. */
  code?: string;
  details?: unknown[];
  stack?: string;
}
