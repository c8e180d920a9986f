import type { HyperoptConfig } from '@overture/config';
import type { BackendName } from '@overture/trainer';

/** What a trial process needs once, at start: every trial it runs shares the data and the base config. */
export interface WorkerSetup {
  /** Read only when a trial comes without a preprocessed cache entry. */
  dataset: string;
  backend: BackendName | undefined;
  baseConfig: Record<string, unknown>;
  hyperopt: HyperoptConfig;
  seed: number;
  /** The models root of pretrained text encoders (--models-dir); null: a config using one is refused. */
  modelsDir?: string | null;
}

export type ToWorker =
  | { type: 'setup'; setup: WorkerSetup }
  /**
   * `preprocessed`: the cache entry (a folder in the trainer's preprocessed-dataset format) holding
   * the dataset preprocessed for this trial's config, shared by every trial with the same
   * preprocessing; null, the process preprocesses the table itself.
   */
  | { type: 'trial'; id: number; parameters: Record<string, unknown>; outputDirectory: string; preprocessed: string | null }
  /** The answer to a report. */
  | { type: 'decision'; id: number; seq: number; stop: boolean }
  /** Stop the running trial at the next step (the time budget ran out). */
  | { type: 'stop'; id: number };

export interface TrialSummary {
  metricScore: number | null;
  trainingStats: Record<string, unknown>;
  evalStats: Record<string, unknown>;
  modelDirectory: string | null;
  stopReason: string;
  epochs: number;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'setup_failed'; message: string }
  | { type: 'report'; id: number; seq: number; metricScore: number }
  | { type: 'done'; id: number; result: TrialSummary }
  | { type: 'failed'; id: number; message: string };
