import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedConfig } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { toyTable } from '../test-support/toy-table.js';
import { trainModel, type TrainingOutcome } from './train.js';
import { resumeConfig } from './test/resume-config.js';
import { readCheckpointState } from './checkpoint.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'overture-continue-'));

/** Evaluated once per epoch, so a run stopped after N epochs evaluated exactly where a longer one did. */
function configFor(epochs: number, trainer: Partial<ResolvedConfig['trainer']> = {}): ResolvedConfig {
  const base = resumeConfig();
  return { ...base, trainer: { ...base.trainer, steps_per_checkpoint: 0, epochs, ...trainer } };
}

function data(config: ResolvedConfig, rows = 400) {
  return preprocessForTraining(toyTable(rows), config, { seed: 7 });
}

function weightsOf(outcome: TrainingOutcome): Record<string, number[]> {
  const snap = outcome.model.params.snapshot();
  return Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, Array.from(v.values)]));
}

async function train(config: ResolvedConfig, extra: { resumeFrom?: string; finalStateDir?: string; checkpointDir?: string; seed?: number; rows?: number } = {}) {
  const { dataset, metadata } = data(config, extra.rows);
  return trainModel({ config, dataset, metadata, seed: extra.seed ?? 7, ...extra });
}

describe('continuing a saved training (model_resume_path)', () => {
  let reference: { weights: Record<string, number[]>; statistics: unknown; progress: Record<string, unknown> };
  const finished = path.join(tmp, 'finished');

  beforeAll(async () => {
    await initBackend('wasm');
    const outcome = await train(configFor(4));
    reference = { weights: weightsOf(outcome), statistics: outcome.statistics, progress: outcome.progress };
    outcome.model.dispose();
    const first = await train(configFor(2), { finalStateDir: finished, checkpointDir: finished });
    first.model.dispose();
  }, 120_000);

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('keeps the final state of a finished training, marked finished, with its config', async () => {
    const state = await readCheckpointState(finished);
    expect(state?.finished).toBe('completed');
    expect(state?.step).toBe(18);
    expect(state?.epoch).toBe(2);
    expect(state?.config?.trainer.epochs).toBe(2);
  });

  it('continues a finished 2-epoch training to 4 epochs with the weights and statistics of a 4-epoch training', async () => {
    const tensors = tf.memory().numTensors;
    const resumed = await train(configFor(4), { resumeFrom: finished, checkpointDir: path.join(tmp, 'continued') });
    expect(resumed.resumedFromStep).toBe(18);
    expect(resumed.progress.epoch).toBe(4);
    expect(resumed.progress.steps).toBe(reference.progress.steps);
    expect(resumed.progress.best_eval_metric_epoch).toBe(reference.progress.best_eval_metric_epoch);
    expect(resumed.progress.best_eval_metric_value).toBe(reference.progress.best_eval_metric_value);
    expect(resumed.statistics).toEqual(reference.statistics);
    expect(weightsOf(resumed)).toEqual(reference.weights);
    resumed.model.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 120_000);

  it("continues an interrupted training from its checkpoint into another run's folder, as an uninterrupted one", async () => {
    const interrupted = path.join(tmp, 'interrupted');
    let steps = 0;
    const { dataset, metadata } = data(configFor(4));
    const first = await trainModel({ config: configFor(4), dataset, metadata, seed: 7, checkpointDir: interrupted, callbacks: { onStep: () => { steps++; }, shouldStop: () => steps >= 13 } });
    expect(first.stopReason).toBe('cancelled');
    first.model.dispose();
    const resumed = await train(configFor(4), { resumeFrom: interrupted, checkpointDir: path.join(tmp, 'second') });
    expect(resumed.resumedFromStep).toBe(13);
    expect(resumed.statistics).toEqual(reference.statistics);
    expect(weightsOf(resumed)).toEqual(reference.weights);
    resumed.model.dispose();
  }, 120_000);

  it('keeps the early-stopping count: a training stopped early and continued stops at its next evaluation without improvement', async () => {
    const dir = path.join(tmp, 'early');
    // early_stop 0: the first evaluation that does not improve stops training.
    const first = await train(configFor(30, { early_stop: 0 }), { finalStateDir: dir });
    expect(first.stopReason).toBe('early_stop');
    const stoppedAt = first.progress.steps as number;
    first.model.dispose();
    const state = await readCheckpointState(dir);
    expect(state?.finished).toBe('early_stop');
    const resumed = await train(configFor(40, { early_stop: 0 }), { resumeFrom: dir });
    // Not a restart: the best value so far stays the bar, and the count goes on from the saved one.
    expect(resumed.resumedFromStep).toBe(stoppedAt);
    // (a restarted count would have taken the first evaluation as the best and trained on).
    expect(resumed.stopReason).toBe('early_stop');
    expect(resumed.progress.steps).toBe(stoppedAt + 9);
    expect(resumed.progress.best_eval_metric_steps).toBe(first.progress.best_eval_metric_steps);
    expect(resumed.progress.best_eval_metric_value).toBe(first.progress.best_eval_metric_value);
    resumed.model.dispose();
  }, 180_000);

  it('refuses a folder without a saved training state', async () => {
    await expect(train(configFor(4), { resumeFrom: tmp })).rejects.toThrow(/model_resume_path '.*' holds no training state to resume/);
    await expect(train(configFor(4), { resumeFrom: path.join(tmp, 'nowhere') })).rejects.toThrow(/is not a folder/);
  });

  it('refuses a config whose features or architecture differ, naming what differs', async () => {
    const base = configFor(4);
    const changed = { ...base, combiner: { ...base.combiner, output_size: 8 } } as ResolvedConfig;
    await expect(train(changed, { resumeFrom: finished })).rejects.toThrow(/only trainer\.epochs.*combiner\.output_size: saved 16, given 8/);
    const optimizer = configFor(4, { optimizer: { ...base.trainer.optimizer, type: 'sgd' } as never });
    await expect(train(optimizer, { resumeFrom: finished })).rejects.toThrow(/trainer\.optimizer\.type: saved "adam", given "sgd"/);
  });

  it('refuses epochs that are not above what the finished training trained', async () => {
    await expect(train(configFor(2), { resumeFrom: finished })).rejects.toThrow(/trainer\.epochs 2 is not above what was already trained: the training had finished after 2 epochs \(18 steps\); raise trainer\.epochs/);
  });

  it('refuses another seed or other data', async () => {
    await expect(train(configFor(4), { resumeFrom: finished, seed: 8 })).rejects.toThrow(/used seed 7, not 8/);
    await expect(train(configFor(4), { resumeFrom: finished, rows: 300 })).rejects.toThrow(/the dataset differs/);
  });

  it('leaves no kept state when none is asked for, and clears the crash checkpoints', async () => {
    const dir = path.join(tmp, 'plain');
    const outcome = await train(configFor(1), { checkpointDir: dir });
    outcome.model.dispose();
    expect(existsSync(dir)).toBe(false);
  });
});
