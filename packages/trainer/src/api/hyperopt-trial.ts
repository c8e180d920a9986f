import { applyParameters, metricGoal, resolveConfig, trainerSplitName, type HyperoptConfig, type ResolvedConfig } from '@overture/config';
import type { RawTable } from '../data/index.js';
import type { Preprocessed } from '../preprocessing/index.js';
import type { TrainingStatistics } from '../training/statistics.js';
import { splitRows } from '../training/batches.js';
import type { StopReason } from '../training/train.js';
import { testStatisticsFor } from './test-statistics.js';
import { trainOnTable } from './experiment.js';
import type { EmbeddingsPathResolver } from '../model/pretrained-embeddings.js';

export interface HyperoptTrialOptions {
  table: RawTable;
  /** The config as written (upgraded, not resolved): sampled values are merged in before defaults apply. */
  baseConfig: Record<string, unknown>;
  hyperopt: HyperoptConfig;
  parameters: Record<string, unknown>;
  seed: number;
  /** The trial's own directory: `model/`, checkpoints. */
  outputDirectory: string;
  /** After each evaluation, the trial's metric so far; 'stop' ends training (the model keeps its best weights). */
  report(metricScore: number): Promise<'continue' | 'stop'> | 'continue' | 'stop';
  log?: (message: string) => void;
  datasetName?: string;
  /** Folder image paths are read from (the dataset file's folder), as `trainOnTable`'s. */
  imageRoot?: string | null;
  /** Where `pretrained_embeddings` paths are read, as `trainOnTable`'s. */
  embeddingsPath?: EmbeddingsPathResolver;
  /** The models root of pretrained text encoders, as `trainOnTable`'s. */
  modelsDir?: string | null;
  /**
   * The table preprocessed for this trial's config (`trialConfig`), e.g. from the study's cache:
   * trials that differ only in training settings share one preprocessing. Computed when absent.
   */
  preprocessed?: Preprocessed;
}

export interface HyperoptTrialResult {
  metricScore: number | null;
  trainingStats: TrainingStatistics;
  evalStats: Record<string, unknown>;
  modelDirectory: string | null;
  stopReason: StopReason;
  epochs: number;
}

const splitIndex = { training: 0, validation: 1, test: 2 } as const;

/**
 * Ludwig's metric score of a trial: the best value of the metric over its evaluations, on the
 * hyperopt split, falling back to the training split when that split has no rows.
 */
export function trialMetricScore(stats: TrainingStatistics, hyperopt: HyperoptConfig): number | null {
  const goal = metricGoal(hyperopt.metric);
  for (const split of [trainerSplitName[hyperopt.split], 'training'] as const) {
    const values = stats[split][hyperopt.output_feature]?.[hyperopt.metric]?.filter(Number.isFinite);
    if (values && values.length > 0) return goal === 'maximize' ? Math.max(...values) : Math.min(...values);
  }
  return null;
}

/** The config a trial trains: the sampled values merged into the config as written, then resolved. */
export function trialConfig(baseConfig: Record<string, unknown>, parameters: Record<string, unknown>): ResolvedConfig {
  return resolveConfig({ ...applyParameters(baseConfig, parameters), hyperopt: null }).config;
}

/** One trial: the sampled config trained like `overture experiment`, reporting after every evaluation. */
export async function runHyperoptTrial(options: HyperoptTrialOptions): Promise<HyperoptTrialResult> {
  const { hyperopt } = options;
  const config = trialConfig(options.baseConfig, options.parameters);
  let stop = false;
  // The statistics of the evaluations so far, to score the trial as Ludwig does at each report.
  const seen: TrainingStatistics = { training: {}, validation: {}, test: {}, evaluation_frequency: { frequency: 1, period: 'epoch' } };
  const result = await trainOnTable({
    table: options.table, config, seed: options.seed, outputDirectory: options.outputDirectory, datasetName: options.datasetName,
    // Trials are many and disposable: no state is kept to continue them (a paused trial resumes from its checkpoint).
    keepTrainingState: false,
    log: options.log, featureImportance: false, imageRoot: options.imageRoot ?? null, embeddingsPath: options.embeddingsPath, modelsDir: options.modelsDir ?? null, preprocessed: options.preprocessed,
    callbacks: {
      async onEvaluation(event) {
        for (const split of ['training', 'validation', 'test'] as const) {
          for (const [output, metrics] of Object.entries(event.metrics[split] ?? {})) {
            for (const [metric, value] of Object.entries(metrics)) ((seen[split][output] ??= {})[metric] ??= []).push(value);
          }
        }
        const score = trialMetricScore(seen, hyperopt);
        if (score !== null && (await options.report(score)) === 'stop') stop = true;
      },
      shouldStop: () => stop,
    },
  });
  const { outcome, dataset, metadata } = result;
  try {
    const rows = splitRows(dataset, splitIndex[trainerSplitName[hyperopt.eval_split]]);
    const evalStats = rows.length > 0 ? testStatisticsFor(outcome.model, dataset, metadata, rows) : {};
    return {
      metricScore: trialMetricScore(outcome.statistics, hyperopt), trainingStats: outcome.statistics, evalStats,
      modelDirectory: result.modelDirectory, stopReason: outcome.stopReason, epochs: outcome.progress.epoch as number,
    };
  } finally {
    outcome.model.dispose();
  }
}
