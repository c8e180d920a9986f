import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConfigYaml, resolveConfig, type HyperoptConfig, type ModelConfig } from '@overture/config';
import { createSampler } from '@overture/trainer/hyperopt';
import {
  artifacts, createModel, createModelVersion, createStudy, getModelVersion, getRun, getStudy, listStudyTrials, requestStudyCancel, type Dataset, type Study,
} from '@overture/db';
import { enqueue, keys, readRunEvents } from '@overture/jobs';
import { seedDataset, toyCsv, waitFor } from '@overture/testing';
import { eq } from 'drizzle-orm';
import { createPlatform, type Platform } from './test/platform.js';
import { waitForEvent } from './test/events.js';

const ended = (s: Study) => ['completed', 'failed', 'cancelled'].includes(s.status);

/** The toy model as written, with a hyperopt section over the learning rate. */
function toyStudyConfig(o: { epochs?: number; batchSize?: number; samples?: number; extraInput?: string; stepsPerCheckpoint?: number; scheduler?: Record<string, unknown> } = {}) {
  return {
    input_features: [
      { name: 'x1', type: 'number' }, { name: 'x2', type: 'number' },
      { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } },
      ...(o.extraInput ? [{ name: o.extraInput, type: 'number' }] : []),
    ],
    output_features: [{ name: 'label', type: 'binary' }],
    combiner: { type: 'concat', num_fc_layers: 1, output_size: 8 },
    trainer: { epochs: o.epochs ?? 2, batch_size: o.batchSize ?? 16, learning_rate: 0.01, early_stop: -1, steps_per_checkpoint: o.stepsPerCheckpoint ?? 0 },
    hyperopt: {
      goal: 'maximize', metric: 'accuracy', output_feature: 'label', split: 'validation',
      parameters: { 'trainer.learning_rate': { space: 'loguniform', lower: 0.001, upper: 0.1 } },
      search_alg: { type: 'random', random_state: 3 },
      executor: { num_samples: o.samples ?? 4, ...(o.scheduler ? { scheduler: o.scheduler } : {}) },
    },
  };
}

async function seedStudy(platform: Platform, dataset: Dataset, raw: Record<string, unknown>): Promise<Study> {
  const { db } = platform.database;
  const { config } = resolveConfig(raw);
  const model = await createModel(db, { name: `study model ${Date.now()}`, datasetId: dataset.id });
  const version = await createModelVersion(db, { modelId: model.id, yaml: renderConfigYaml(raw as unknown as ModelConfig), resolvedConfig: config as unknown as Record<string, unknown> });
  const study = await createStudy(db, { modelVersionId: version.id, datasetId: dataset.id, baseConfig: raw, hyperopt: config.hyperopt as unknown as Record<string, unknown> });
  await enqueue(platform.queues, 'hyperopt.study', { studyId: study.id });
  return study;
}

describe('hyperopt studies on the platform', () => {
  let platform: Platform;
  let dataset: Dataset;
  beforeAll(async () => {
    platform = await createPlatform('hyperopt');
    dataset = await seedDataset(platform.database.db, platform.dataDir, toyCsv(300));
  });
  afterAll(async () => { await platform?.close(); });

  const waitForStudy = (id: string, done: (s: Study) => boolean, timeoutMs = 180_000) =>
    waitFor(`study ${id}`, async () => {
      const s = await getStudy(platform.database.db, id);
      return s && done(s) ? s : null;
    }, timeoutMs, 200);

  it('runs a 4-trial study as runs of its model version, marks the best trial, registers its config and stores hyperopt_statistics.json', async () => {
    const { db } = platform.database;
    if (platform.workers.length === 0) await platform.startWorker();
    const study = await seedStudy(platform, dataset, toyStudyConfig());
    const done = await waitForStudy(study.id, ended);
    expect(done.status).toBe('completed');
    const trials = await listStudyTrials(db, study.id);
    expect(trials.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(trials.map((t) => t.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const rates = trials.map((t) => t.parameters['trainer.learning_rate'] as number);
    expect(new Set(rates).size).toBe(4);
    for (const t of trials) {
      const run = (await getRun(db, t.runId!))!;
      // Each trial is a normal run of the searched version, with its sampled learning rate and no hyperopt section.
      expect(run).toMatchObject({ status: 'completed', modelVersionId: study.modelVersionId });
      expect((run.config.trainer as { learning_rate: number }).learning_rate).toBe(t.parameters['trainer.learning_rate']);
      expect(run.config.hyperopt).toBeNull();
      expect(t.reports).toHaveLength(2);
      expect(t.metricScore).toBe(Math.max(...t.reports.map((r) => r.score)));
    }
    const best = trials.find((t) => t.id === done.bestTrialId)!;
    expect(best.metricScore).toBe(Math.max(...trials.map((t) => t.metricScore!)));
    const version = (await getModelVersion(db, done.resultVersionId!))!;
    expect(version.parentVersionId).toBe(study.modelVersionId);
    expect(version.yaml).toContain(`learning_rate: ${best.parameters['trainer.learning_rate']}`);
    const [artifact] = await db.select().from(artifacts).where(eq(artifacts.id, done.statisticsArtifactId!));
    expect(artifact).toMatchObject({ kind: 'hyperopt_statistics', runId: best.runId });
    const stats = JSON.parse(readFileSync(path.join(platform.dataDir, artifact.path), 'utf8'));
    expect(stats.hyperopt_config).toMatchObject({ metric: 'accuracy', output_feature: 'label', executor: { num_samples: 4 } });
    expect(stats.hyperopt_results.map((r: { metric_score: number }) => r.metric_score)).toEqual(trials.map((t) => t.metricScore).sort((a, b) => b! - a!));
    expect(stats.hyperopt_results[0].training_stats.validation.label.accuracy).toHaveLength(2);
    expect(Object.keys(stats.hyperopt_results[0].eval_stats)).toContain('label');
    expect(done.summary).toMatchObject({ trials: 4, completed: 4, failed: 0 });
  });

  it('fails the study with each reason when every trial fails', async () => {
    if (platform.workers.length === 0) await platform.startWorker();
    const study = await seedStudy(platform, dataset, toyStudyConfig({ samples: 2, extraInput: 'x3' }));
    const done = await waitForStudy(study.id, ended);
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^all 2 trials failed: trial 0, 1: .*x3/);
    expect(done.errorDetails).toEqual([{ path: 'trial 0, 1', message: expect.stringContaining('x3') }]);
    const trials = await listStudyTrials(platform.database.db, study.id);
    expect(trials.map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(done.bestTrialId).toBeNull();
  });

  it('stops trials the scheduler ends early, keeping their partial results', async () => {
    const { db } = platform.database;
    if (platform.workers.length === 0) await platform.startWorker();
    // ASHA with max_t 1: every trial has done its share at its first evaluation and is stopped there.
    const study = await seedStudy(platform, dataset, toyStudyConfig({
      samples: 2, epochs: 30, scheduler: { type: 'async_hyperband', time_attr: 'training_iteration', max_t: 1, grace_period: 1 },
    }));
    // When the coordinator raises trial 0's stop signal, and when its training took its last step.
    const trial0 = await waitFor('trial 0', async () => (await listStudyTrials(db, study.id)).find((t) => t.index === 0), 120_000, 50);
    const signalled = await waitFor('the stop signal', async () => ((await platform.redis.redis.exists(keys.runStop(platform.redis.prefix, trial0.runId!))) > 0 ? Date.now() : null), 120_000, 10);
    const done = await waitForStudy(study.id, ended);
    expect(done.status).toBe('completed');
    const steps: number[] = [];
    const reader = platform.redis.redis.duplicate();
    for await (const item of readRunEvents(reader, { prefix: platform.redis.prefix, runId: trial0.runId!, blockMs: 100 })) {
      if (!item) break;
      if (item.event.type === 'step') steps.push(item.event.ts);
    }
    reader.disconnect();
    const latencyMs = Math.max(...steps) - signalled;
    console.log(`scheduler stop → last training step of the trial: ${latencyMs} ms`);
    expect(latencyMs).toBeLessThan(1000);
    for (const t of await listStudyTrials(db, study.id)) {
      const run = (await getRun(db, t.runId!))!;
      expect(run.status).toBe('completed');
      expect(run.summary?.stopReason).toBe('trial_stopped');
      // Stopped within a second of the first evaluation: a few epochs of ~0.1 s at most, not 30.
      expect(run.epoch).toBeLessThan(15);
      expect(existsSync(path.join(platform.dataDir, 'runs', run.id, 'output', 'model', 'bundle.json'))).toBe(true);
      expect(t.reports.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('cancels: the running trial is cancelled and no further trial starts', async () => {
    const { db } = platform.database;
    if (platform.workers.length === 0) await platform.startWorker();
    const study = await seedStudy(platform, dataset, toyStudyConfig({ epochs: 400, batchSize: 8 }));
    const [first] = await waitFor('first trial', async () => {
      const trials = await listStudyTrials(db, study.id);
      return trials.length > 0 && trials[0].reports.length > 0 ? trials : null;
    }, 120_000, 100);
    expect(await requestStudyCancel(db, study.id)).not.toBeNull();
    const done = await waitForStudy(study.id, ended, 60_000);
    expect(done.status).toBe('cancelled');
    const trials = await listStudyTrials(db, study.id);
    expect(trials).toHaveLength(1);
    expect(trials[0].status).toBe('cancelled');
    expect((await getRun(db, first.runId!))!.status).toBe('cancelled');
  });

  it('resumes after the worker running the coordinator and a trial is killed: the trial from its checkpoint, no trial twice', async () => {
    const { db } = platform.database;
    for (const w of platform.workers) w.kill('SIGKILL');
    await Promise.all(platform.workers.map((w) => w.exited));
    platform.workers.length = 0;
    const first = await platform.startWorker();
    // 27 steps an epoch: trial 1 is killed after a checkpoint, well before its 216th step.
    const study = await seedStudy(platform, dataset, toyStudyConfig({ samples: 3, epochs: 8, batchSize: 8, stepsPerCheckpoint: 30 }));
    const trial = await waitFor('trial 1', async () => (await listStudyTrials(db, study.id)).find((t) => t.index === 1 && t.runId), 120_000, 100);
    await waitForEvent(platform.redis.redis, platform.redis.prefix, trial.runId!, (e) => e.type === 'checkpoint' && (e.step ?? 0) >= 60);
    first.kill('SIGKILL');
    await first.exited;
    await platform.startWorker();
    const done = await waitForStudy(study.id, ended, 240_000);
    expect(done).toMatchObject({ status: 'completed', attempt: 2 });
    const trials = await listStudyTrials(db, study.id);
    expect(trials.map((t) => [t.index, t.status])).toEqual([[0, 'completed'], [1, 'completed'], [2, 'completed']]);
    const resumed = (await getRun(db, trial.runId!))!;
    expect(resumed.attempt).toBe(2);
    expect(resumed.summary?.resumedFromStep).toBeGreaterThanOrEqual(60);
    // Reports of the killed attempt and the resumed one, each evaluation once.
    expect(trials[1].reports.map((r) => r.step)).toEqual(trials[0].reports.map((r) => r.step));
    expect(trials[1].reports.at(-1)?.step).toBe(resumed.totalSteps);
    // The engine replayed the ended trial and proposed the rest as an uninterrupted study does (seeded random search).
    const hyperopt = done.hyperopt as unknown as HyperoptConfig;
    const sampler = createSampler({ parameters: hyperopt.parameters, alg: hyperopt.search_alg, numSamples: 3, seed: 3 });
    expect(trials.map((t) => t.parameters)).toEqual([sampler.propose([]), sampler.propose([]), sampler.propose([])]);
  }, 420_000);
});
