import path from 'node:path';
import type { ResolvedConfig } from '@overture/config';
import type { ProcessedDataset, TrainingSetMetadata } from '../preprocessing/index.js';
import { EcdModel } from '../model/ecd.js';
import { createOptimizer } from '../optimizers/registry.js';
import { SeededRandom } from '../util/random.js';
import { disposeBatch, makeBatch, rowMajorStack, splitRows } from './batches.js';
import { augmentationRandom, createImageAugmentations } from '../augmentation/image/index.js';
import { LearningRateSchedule } from './lr-schedule.js';
import { trainStep } from './train-step.js';
import { GradientAccumulator } from './gradient-accumulation.js';
import { CHECKPOINT_FORMAT, clearCheckpoints, loadAnyCheckpoint, loadCheckpoint, saveCheckpoint, type Checkpoint, type TrainerState } from './checkpoint.js';
import { checkResumable, readResumeState } from './resume-state.js';
import { fnv1a32 } from '../preprocessing/index.js';
import { appendMetrics, emptyStatistics, type SplitName, type TrainingStatistics } from './statistics.js';
import { evalBatchSize, resolveBatching } from './auto-tune.js';
import { findLearningRate } from './lr-finder.js';
import { evaluateSplit } from './evaluate-split.js';
import { metricGoal } from '../metrics/index.js';
import type { NamedArrays } from '../model/parameters.js';
import { dictionary } from '../util/dictionary.js';
import { calibrateOutputs, type CalibrationReport } from '../calibration/calibrate-outputs.js';
import { anomalyMetricWatchable, initializeAnomalyCenters, setAnomalyThresholds } from './anomaly.js';

export interface StepEvent {
  epoch: number;
  step: number;
  totalSteps: number;
  loss: number;
  learningRate: number;
  progressPct: number;
  etaSeconds: number | null;
}

export interface EvaluationEvent {
  epoch: number;
  step: number;
  metrics: Partial<Record<SplitName, Record<string, Record<string, number>>>>;
  improved: boolean;
  progressPct: number;
  etaSeconds: number | null;
}

export interface TrainingCallbacks {
  /** Before step 1, with batch_size and learning_rate resolved (auto values included). */
  onStart?(event: { config: ResolvedConfig; totalSteps: number; stepsPerEpoch: number; resumedFromStep: number | null }): void | Promise<void>;
  onStep?(event: StepEvent): void;
  onEvaluation?(event: EvaluationEvent): void | Promise<void>;
  /** Awaited before a checkpoint is written: a caller streaming metrics makes them durable here, so none is lost when the process dies right after. */
  beforeCheckpoint?(event: { epoch: number; step: number }): void | Promise<void>;
  onCheckpoint?(event: { epoch: number; step: number; path: string }): void | Promise<void>;
  /** Polled between steps: true stops training (cancellation) after saving a checkpoint. */
  shouldStop?(): boolean;
}

export interface TrainingRunOptions {
  config: ResolvedConfig;
  dataset: ProcessedDataset;
  metadata: TrainingSetMetadata;
  seed: number;
  /** Enables checkpoints, and resuming from the newest one found there. */
  checkpointDir?: string;
  callbacks?: TrainingCallbacks;
  log?: (message: string) => void;
  /** Parameters that start from given values instead of their initializers (pretrained embeddings); a checkpoint's weights still win. */
  initialWeights?: NamedArrays;
  /**
   * Ludwig's `model_resume_path`: a folder holding a saved training state (a finished run's, or an
   * interrupted one's checkpoint) that this training continues: weights, optimizer, epoch and step,
   * best model, early stopping and schedule. Only trainer.epochs, train_steps and early_stop may
   * differ from its config. The run's own checkpoint in `checkpointDir`, when there is one, wins.
   */
  resumeFrom?: string;
  /** Where the final training state is kept when training finishes (what `resumeFrom` reads later); kept nowhere when absent. */
  finalStateDir?: string;
}

export type StopReason = 'completed' | 'early_stop' | 'cancelled';

export interface TrainingOutcome {
  model: EcdModel;
  /** The config with `batch_size` and `learning_rate` resolved to numbers. */
  config: ResolvedConfig;
  statistics: TrainingStatistics;
  progress: Record<string, unknown>;
  stopReason: StopReason;
  resumedFromStep: number | null;
  /** The temperatures fitted after training (outputs with `calibration: true`); null when none asks. */
  calibration: CalibrationReport | null;
}

/** The saved state a `resumeFrom` folder holds (finished or not); a config error when it holds none. */
async function loadResumeCheckpoint(given: string): Promise<Checkpoint> {
  const { directory } = await readResumeState(given);
  const checkpoint = await loadAnyCheckpoint(directory);
  if (!checkpoint) throw new Error(`model_resume_path '${given}': the training state disappeared while it was read`);
  return checkpoint;
}

/** A per-step stream, so a resumed run draws the dropout masks an uninterrupted one would. */
function stepRandom(seed: number, step: number): SeededRandom {
  return new SeededRandom((Math.imul(seed ^ 0x9e3779b9, 2654435761) + Math.imul(step + 1, 0x85ebca6b)) >>> 0);
}

function epochOrder(seed: number, epoch: number, rows: Int32Array, shuffle: boolean): Int32Array {
  if (!shuffle) return rows;
  const perm = new SeededRandom((seed * 1000003 + epoch * 7919) >>> 0).permutation(rows.length);
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[perm[i]];
  return out;
}

/**
 * Trains an ECD model: seeded minibatch loop with evaluation, early stopping that keeps the
 * best weights, learning rate schedule, and checkpoints from which a killed run resumes to the
 * same weights an uninterrupted run reaches.
 */
export async function trainModel(options: TrainingRunOptions): Promise<TrainingOutcome> {
  const { dataset, metadata, seed, checkpointDir, callbacks = {}, log = () => undefined } = options;
  const trainer = options.config.trainer;
  const rows = { training: splitRows(dataset, 0), validation: splitRows(dataset, 1), test: splitRows(dataset, 2) };
  if (rows.training.length === 0) throw new Error('the training split has no rows');
  const dataKey = fnv1a32(JSON.stringify([dataset.rowCount, Array.from(dataset.split.subarray(0, 1000))])).toString(16);
  const fingerprint = fnv1a32(JSON.stringify([options.config, seed, dataset.rowCount, Array.from(dataset.split.subarray(0, 1000))])).toString(16);
  const own = checkpointDir ? await loadCheckpoint(checkpointDir, fingerprint) : null;
  const resumed = !own && options.resumeFrom ? await loadResumeCheckpoint(options.resumeFrom) : null;
  const checkpoint = own ?? resumed;

  const batching = resolveBatching(trainer, rows.training.length);
  const batchSize = checkpoint?.state.batchSize ?? batching.batchSize;
  const evaluationBatchSize = evalBatchSize(trainer.eval_batch_size, batchSize);
  const { accumulationSteps } = batching;
  const stepsPerEpoch = Math.ceil(rows.training.length / batchSize);
  const totalSteps = trainer.train_steps ?? stepsPerEpoch * trainer.epochs;
  const stepsPerEvaluation = trainer.steps_per_checkpoint > 0
    ? trainer.steps_per_checkpoint
    : trainer.checkpoints_per_epoch > 0 ? Math.max(1, Math.floor(stepsPerEpoch / trainer.checkpoints_per_epoch)) : stepsPerEpoch;

  let learningRate = checkpoint?.state.learningRate ?? (trainer.learning_rate === 'auto' ? NaN : trainer.learning_rate);
  if (Number.isNaN(learningRate)) {
    learningRate = findLearningRate({ config: options.config, dataset, metadata, seed, rows: rows.training, batchSize, initialWeights: options.initialWeights });
    log(`learning_rate: auto resolved to ${learningRate.toPrecision(3)} by a learning rate range test`);
  }
  const config: ResolvedConfig = { ...options.config, trainer: { ...trainer, batch_size: batchSize, learning_rate: learningRate } };
  if (resumed) checkResumable(options.resumeFrom!, resumed.state as Parameters<typeof checkResumable>[1], { config, seed, dataKey, totalSteps });

  const model = new EcdModel(config, metadata, seed, options.initialWeights);
  const optimizer = createOptimizer(trainer.optimizer as never);
  const schedule = new LearningRateSchedule(trainer.learning_rate_scheduler, learningRate, totalSteps, stepsPerEpoch, stepsPerEvaluation);
  const inputNames = config.input_features.map((f) => f.name);
  const outputNames = config.output_features.map((f) => f.name);
  const batchNames = [...inputNames, ...outputNames];
  const stackedRows = rowMajorStack(dataset, model.stack);
  // Training batches only: evaluation, calibration and prediction gather their batches unaugmented.
  const augmentations = createImageAugmentations(config, metadata);
  const accumulator = accumulationSteps > 1 ? new GradientAccumulator(accumulationSteps) : null;

  const hasValidation = rows.validation.length > 0;
  const watchedSplit: SplitName = hasValidation ? 'validation' : 'training';
  const watchedField = hasValidation ? trainer.validation_field : 'combined';
  let watchedMetric = hasValidation ? trainer.validation_metric : 'loss';
  if (!hasValidation) log('no validation rows: early stopping and best-model selection watch the training loss');
  else if (!anomalyMetricWatchable(config, dataset, rows.validation, watchedField, watchedMetric)) {
    log(`the validation rows of anomaly output '${watchedField}' are not labeled with both 0 and 1, so ${watchedMetric} does not exist there: early stopping and best-model selection watch its validation loss`);
    watchedMetric = 'loss';
  }
  const goal = metricGoal(watchedMetric as never) ?? 'minimize';
  const better = (a: number, b: number) => (goal === 'maximize' ? a > b : a < b);

  let statistics = emptyStatistics(stepsPerEvaluation === stepsPerEpoch ? 'epoch' : 'step', stepsPerEvaluation === stepsPerEpoch ? 1 : stepsPerEvaluation);
  let state: TrainerState = {
    format: CHECKPOINT_FORMAT, fingerprint, seed, epoch: 0, batchInEpoch: 0, step: 0, batchSize, learningRate,
    schedule: schedule.getState(),
    earlyStopping: { bestValue: null, bestEpoch: -1, bestStep: -1, evaluationsWithoutImprovement: 0 },
    lossSums: {}, lossBatches: 0, statistics, optimizerStep: 0, config, dataKey,
  };
  let bestWeights: NamedArrays | null = null;
  let resumedFromStep: number | null = null;
  // A checkpoint or a loaded model (fine-tuning) brings its own anomaly centres.
  if (!checkpoint) {
    const given = options.initialWeights ?? {};
    const centred = initializeAnomalyCenters(model, dataset, rows.training, evaluationBatchSize, (name) => Object.hasOwn(given, name));
    if (centred.length > 0) log(`anomaly output${centred.length > 1 ? 's' : ''} ${centred.map((n) => `'${n}'`).join(', ')}: hypersphere centre set to the mean decoder output over ${rows.training.length} training rows`);
  }
  if (checkpoint) {
    model.params.restore(checkpoint.weights);
    optimizer.setState(checkpoint.optimizer);
    // A continued training's checkpoints belong to it (its config and fingerprint), not to the run it continues.
    state = { ...checkpoint.state, fingerprint, config, dataKey, finished: undefined };
    statistics = state.statistics as TrainingStatistics;
    schedule.setState(state.schedule);
    bestWeights = checkpoint.bestWeights;
    resumedFromStep = state.step;
    log(resumed
      ? `model_resume_path: continuing the training saved in '${options.resumeFrom}' at epoch ${state.epoch + 1}, step ${state.step}, to step ${totalSteps}`
      : `resumed from checkpoint at epoch ${state.epoch + 1}, step ${state.step}`);
  }

  await callbacks.onStart?.({ config, totalSteps, stepsPerEpoch, resumedFromStep });
  const startedAt = Date.now();
  const startStep = state.step;
  const eta = () => {
    const done = state.step - startStep;
    return done > 0 ? ((Date.now() - startedAt) / 1000 / done) * (totalSteps - state.step) : null;
  };
  const pct = () => Math.min(100, (100 * state.step) / totalSteps);

  const persist = async () => {
    if (!checkpointDir) return;
    state.schedule = schedule.getState();
    state.statistics = statistics;
    await callbacks.beforeCheckpoint?.({ epoch: state.epoch, step: state.step });
    const where = await saveCheckpoint(checkpointDir, { state, weights: model.params.snapshot(), optimizer: optimizer.getState(), bestWeights });
    await callbacks.onCheckpoint?.({ epoch: state.epoch, step: state.step, path: where });
  };

  /** One evaluation: metrics for every split, early-stopping bookkeeping; true when training should stop. */
  const evaluate = async (): Promise<boolean> => {
    optimizer.useEvaluationWeights(model.params.trainable());
    try {
      return await evaluateWeights();
    } finally {
      optimizer.useTrainingWeights(model.params.trainable());
    }
  };

  const evaluateWeights = async (): Promise<boolean> => {
    const metrics: EvaluationEvent['metrics'] = dictionary();
    const trainingLoss = Object.fromEntries(Object.entries(state.lossSums).map(([k, v]) => [k, v / Math.max(1, state.lossBatches)]));
    metrics.training = trainer.evaluate_training_set
      ? evaluateSplit(model, dataset, metadata, rows.training, evaluationBatchSize)
      : Object.fromEntries(Object.entries(trainingLoss).map(([k, v]) => [k, { loss: v }]));
    if (hasValidation) metrics.validation = evaluateSplit(model, dataset, metadata, rows.validation, evaluationBatchSize);
    if (rows.test.length > 0) metrics.test = evaluateSplit(model, dataset, metadata, rows.test, evaluationBatchSize);
    for (const split of ['training', 'validation', 'test'] as const) if (metrics[split]) appendMetrics(statistics, split, metrics[split]!);
    state.lossSums = dictionary();
    state.lossBatches = 0;

    const watched = metrics[watchedSplit]?.[watchedField]?.[watchedMetric] ?? metrics[watchedSplit]?.[watchedField]?.loss;
    const es = state.earlyStopping;
    let improved = false;
    if (watched !== undefined && (es.bestValue === null || better(watched, es.bestValue))) {
      es.bestValue = watched;
      es.bestEpoch = state.epoch;
      es.bestStep = state.step;
      es.evaluationsWithoutImprovement = 0;
      bestWeights = model.params.snapshot();
      improved = true;
    } else {
      es.evaluationsWithoutImprovement++;
    }
    const plateauValue = metrics[trainer.learning_rate_scheduler.reduce_eval_split === 'validation' ? 'validation' : 'training']?.combined?.[trainer.learning_rate_scheduler.reduce_eval_metric];
    if (plateauValue !== undefined) schedule.observe(plateauValue, (a, b) => a < b);
    await callbacks.onEvaluation?.({ epoch: state.epoch, step: state.step, metrics, improved, progressPct: pct(), etaSeconds: eta() });
    return trainer.early_stop >= 0 && es.evaluationsWithoutImprovement >= trainer.early_stop && !improved;
  };

  let stopReason: StopReason = 'completed';
  let calibration: CalibrationReport | null = null;
  try {
    outer: while (state.step < totalSteps) {
      const order = epochOrder(seed, state.epoch, rows.training, trainer.should_shuffle);
      while (state.batchInEpoch < stepsPerEpoch && state.step < totalSteps) {
        // Cancellation waits for a pending accumulated update, so the checkpoint holds no partial sum.
        if (!accumulator?.pending && callbacks.shouldStop?.()) {
          stopReason = 'cancelled';
          await persist();
          break outer;
        }
        const from = state.batchInEpoch * batchSize;
        const augmentation = augmentations && { pipelines: augmentations, rng: augmentationRandom(seed, state.step) };
        const batch = makeBatch(dataset, batchNames, order.subarray(from, Math.min(order.length, from + batchSize)), model.stack, stackedRows, augmentation);
        const lr = schedule.rate(state.step);
        // Steps count batches, as in Ludwig (schedule included); accumulating, the weights change every
        // `accumulationSteps` batches and at every evaluation, end of epoch and end of training, so no
        // checkpoint is written with gradients pending and no batch's gradient is dropped.
        const nextStep = state.step + 1;
        const update = accumulator !== null && ((state.batchInEpoch + 1) % accumulationSteps === 0
          || state.batchInEpoch + 1 >= stepsPerEpoch || nextStep % stepsPerEvaluation === 0 || nextStep >= totalSteps);
        let losses: Record<string, number>;
        try {
          losses = trainStep(model, optimizer, batch, lr, stepRandom(seed, state.step), trainer.gradient_clipping, accumulator && { accumulator, update });
        } finally {
          disposeBatch(batch);
        }
        if (!Number.isFinite(losses.combined)) {
          throw new Error(`the training loss became ${losses.combined} at step ${state.step + 1}; lower the learning rate or check the data for extreme values`);
        }
        for (const [k, v] of Object.entries(losses)) state.lossSums[k] = (state.lossSums[k] ?? 0) + v;
        state.lossBatches++;
        state.step++;
        state.batchInEpoch++;
        callbacks.onStep?.({ epoch: state.epoch, step: state.step, totalSteps, loss: losses.combined, learningRate: lr, progressPct: pct(), etaSeconds: eta() });
        const endOfEpoch = state.batchInEpoch >= stepsPerEpoch;
        if (endOfEpoch) {
          state.epoch++;
          state.batchInEpoch = 0;
        }
        const evaluationDue = trainer.skip_all_evaluation ? false : state.step % stepsPerEvaluation === 0 || state.step >= totalSteps;
        const stop = evaluationDue ? await evaluate() : false;
        if (evaluationDue || endOfEpoch) await persist();
        if (stop) {
          stopReason = 'early_stop';
          log(`early stopping: ${watchedSplit} ${watchedField} ${watchedMetric} did not improve for ${trainer.early_stop} evaluations`);
          break outer;
        }
        if (endOfEpoch) break;
      }
    }
    // The state to continue from later holds the training weights (not the best ones, nor schedule-free's average).
    if (options.finalStateDir && stopReason !== 'cancelled') {
      await saveCheckpoint(options.finalStateDir, {
        state: { ...state, schedule: schedule.getState(), statistics, finished: stopReason },
        weights: model.params.snapshot(), optimizer: optimizer.getState(), bestWeights,
      });
    }
    // The model handed back holds the weights one evaluates (schedule-free: the average x).
    optimizer.useEvaluationWeights(model.params.trainable());
    if (bestWeights) model.params.restore(bestWeights);
    // As Ludwig, calibration fits on the final (best) weights, before anything is evaluated or saved.
    calibration = calibrateOutputs(model, dataset, rows.validation, evaluationBatchSize, log);
    // Ludwig's auto_set_threshold, on the final weights like calibration.
    setAnomalyThresholds(model, dataset, metadata, hasValidation ? rows.validation : rows.training, evaluationBatchSize, log);
    if (checkpointDir && stopReason !== 'cancelled' && path.resolve(checkpointDir) !== path.resolve(options.finalStateDir ?? '')) await clearCheckpoints(checkpointDir);
  } catch (error) {
    model.dispose();
    optimizer.dispose();
    throw error;
  }
  optimizer.dispose();

  const es = state.earlyStopping;
  const progress = {
    epoch: state.epoch,
    steps: state.step,
    batch_size: batchSize,
    learning_rate: learningRate,
    steps_per_epoch: stepsPerEpoch,
    total_steps: totalSteps,
    progress_pct: pct(),
    best_eval_metric_value: es.bestValue,
    // The epoch counter has already moved on at an end-of-epoch evaluation, so the 1-based epoch
    // of the best evaluation comes from its step.
    best_eval_metric_epoch: es.bestStep > 0 ? Math.ceil(es.bestStep / stepsPerEpoch) : 0,
    best_eval_metric_steps: es.bestStep,
    last_improvement_steps: state.step - es.bestStep,
    num_reductions_learning_rate: schedule.reductions,
    validation_field: watchedField,
    validation_metric: watchedMetric,
    stop_reason: stopReason,
  };
  return { model, config, statistics, progress, stopReason, resumedFromStep, calibration };
}
