import { claimStudy, createTrialWithRun, finishStudy, getStudy } from '@overture/db';
import { publishStudyEvent } from '@overture/jobs';
import { seedDataset, toyConfig, toyCsv } from '@overture/testing';
import { renderConfigYaml } from '@overture/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

const toy = {
  input_features: [{ name: 'x1', type: 'number' }, { name: 'x2', type: 'number' }, { name: 'color', type: 'category' }],
  output_features: [{ name: 'label', type: 'binary' }],
  trainer: { epochs: 2, learning_rate: 0.01 },
};
const searched = renderConfigYaml({
  ...toy,
  hyperopt: {
    goal: 'maximize', metric: 'accuracy', output_feature: 'label',
    parameters: { 'trainer.learning_rate': { space: 'loguniform', lower: 0.001, upper: 0.1 }, 'combiner.output_size': { space: 'choice', categories: [4, 8] } },
    executor: { num_samples: 4 },
  },
} as never);

describe('hyperparameter studies: start, read, cancel, live events', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let modelId: string;
  let versionId: string;
  let plainVersionId: string;
  beforeAll(async () => {
    t = await startTestApp('studies');
    member = await t.user('member');
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(50));
    const model = await expectJson(await t.call('POST', '/api/models', { as: member.key, body: { name: 'toy', datasetId: dataset.id, config: searched } }), 201);
    modelId = model.id;
    versionId = model.versionId;
    const plain = await expectJson(await t.call('POST', `/api/models/${modelId}/versions`, { as: member.key, body: { config: renderConfigYaml(toy as never) } }), 201);
    plainVersionId = plain.versionId;
  });
  afterAll(async () => { await t.close(); });

  it('writes the queued study with the resolved hyperopt section and the config as written, then queues its coordinator under the study id', async () => {
    const created = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId, seed: 7 } }), 201);
    expect(created.status).toBe('queued');
    const job = await t.app.queues.hyperopt.getJob(created.id);
    expect(job?.name).toBe('hyperopt.study');
    expect(job?.data).toMatchObject({ studyId: created.id });
    const row = (await getStudy(t.database.db, created.id))!;
    expect(row.baseConfig).toMatchObject({ trainer: { learning_rate: 0.01 }, hyperopt: { metric: 'accuracy' } });
    expect(row.hyperopt).toMatchObject({ split: 'validation', search_alg: { type: 'variant_generator' }, executor: { num_samples: 4, scheduler: { type: 'fifo' } } });
    const study = await expectJson(await t.call('GET', `/api/studies/${created.id}`, { as: member.key }), 200);
    expect(study).toMatchObject({
      status: 'queued', seed: 7, goal: 'maximize', metric: 'accuracy', outputFeature: 'label', numSamples: 4,
      parameters: ['trainer.learning_rate', 'combiner.output_size'], trials: [], bestTrialId: null,
    });
    const list = await expectJson(await t.call('GET', `/api/studies?versionId=${versionId}`, { as: member.key }), 200);
    expect(list.studies.map((s: { id: string }) => s.id)).toContain(created.id);
  });

  it('refuses a version without a hyperopt section, and a bad body, as 400s with paths', async () => {
    const none = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId: plainVersionId } }), 400);
    expect(none.error.code).toBe('invalid_config');
    expect(none.error.message).toMatch(/^this version has no hyperopt section/);
    expect(none.errors).toEqual([{ path: 'hyperopt', message: 'missing' }]);
    const bad = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId: 'v1', seed: -1 } }), 400);
    expect(bad.errors.map((e: { path: string }) => e.path).sort()).toEqual(['seed', 'versionId']);
    await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId: crypto.randomUUID() } }), 404);
  });

  it('refuses a search of more trials than a study may run, naming num_samples', async () => {
    const huge = renderConfigYaml({
      ...toy,
      hyperopt: {
        goal: 'maximize', metric: 'accuracy', output_feature: 'label',
        parameters: { 'trainer.learning_rate': { space: 'grid_search', values: [0.001, 0.01, 0.1] } },
        executor: { num_samples: 400 },
      },
    } as never);
    const created = await expectJson(await t.call('POST', `/api/models/${modelId}/versions`, { as: member.key, body: { config: huge } }), 201);
    const refused = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId: created.versionId } }), 400);
    expect(refused.error.message).toBe('this search asks for 1200 trials (num_samples 400 times 3 grid points); the platform runs at most 1000 per study: lower hyperopt.executor.num_samples');
    expect(refused.errors).toEqual([{ path: 'hyperopt.executor.num_samples', message: 'at most 1000 trials per study (grid points included)' }]);
  });

  it('refuses the hyperband scheduler on the platform (it pauses trials), pointing at async_hyperband', async () => {
    const paused = renderConfigYaml({
      ...toy,
      hyperopt: {
        goal: 'maximize', metric: 'accuracy', output_feature: 'label',
        parameters: { 'trainer.learning_rate': { space: 'loguniform', lower: 0.001, upper: 0.1 } },
        executor: { num_samples: 4, scheduler: { type: 'hyperband', max_t: 9 } },
      },
    } as never);
    const created = await expectJson(await t.call('POST', `/api/models/${modelId}/versions`, { as: member.key, body: { config: paused } }), 201);
    const refused = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId: created.versionId } }), 400);
    expect(refused.error.code).toBe('unsupported');
    expect(refused.error.message).toMatch(/^the hyperband scheduler is not supported yet on the platform/);
    expect(refused.errors).toEqual([{ path: 'hyperopt.executor.scheduler.type', message: "'hyperband' is not supported yet on the platform", suggestion: "use 'async_hyperband'" }]);
  });

  it('lists trials with their parameters and their runs', async () => {
    const created = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId } }), 201);
    const study = (await claimStudy(t.database.db, { studyId: created.id, workerId: 'test:1' }))!;
    const trial = await createTrialWithRun(t.database.db, { study, index: 0, parameters: { 'trainer.learning_rate': 0.02, 'combiner.output_size': 4 }, config: toyConfig() as never });
    const read = await expectJson(await t.call('GET', `/api/studies/${created.id}`, { as: member.key }), 200);
    expect(read.trials).toEqual([expect.objectContaining({
      index: 0, status: 'queued', parameters: { 'trainer.learning_rate': 0.02, 'combiner.output_size': 4 }, runId: trial.runId, runStatus: 'queued', progressPct: 0, metricScore: null,
    })]);
    const run = await expectJson(await t.call('GET', `/api/runs/${trial.runId}`, { as: member.key }), 200);
    expect(run.modelVersionId).toBe(versionId);
  });

  it('cancels a queued study at once (its job leaves the queue) and answers 409 once it has ended', async () => {
    const created = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId } }), 201);
    const other = await t.user('member');
    await expectJson(await t.call('POST', `/api/studies/${created.id}/cancel`, { as: other.key }), 403);
    const cancelled = await expectJson(await t.call('POST', `/api/studies/${created.id}/cancel`, { as: member.key }), 200);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(await t.app.queues.hyperopt.getJob(created.id)).toBeUndefined();
    const again = await expectJson(await t.call('POST', `/api/studies/${created.id}/cancel`, { as: member.key }), 409);
    expect(again.error.message).toBe(`study ${created.id} has already finished (cancelled).`);
  });

  it('asks a running study to stop (its coordinator cancels the trials)', async () => {
    const created = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId } }), 201);
    await claimStudy(t.database.db, { studyId: created.id, workerId: 'test:1' });
    const asked = await expectJson(await t.call('POST', `/api/studies/${created.id}/cancel`, { as: member.key }), 200);
    expect(asked).toMatchObject({ status: 'running', cancelRequested: true });
  });

  it('relays the study events as SSE and ends after `end`; a long-finished study answers with its end at once', async () => {
    const created = await expectJson(await t.call('POST', '/api/studies', { as: member.key, body: { versionId } }), 201);
    const claimed = (await claimStudy(t.database.db, { studyId: created.id, workerId: 'test:1' }))!;
    await publishStudyEvent(t.redis.redis, t.redis.prefix, { type: 'trial', studyId: created.id, ts: 1, trial: 0, status: 'running' });
    await publishStudyEvent(t.redis.redis, t.redis.prefix, { type: 'end', studyId: created.id, ts: 2, status: 'completed' });
    const response = await t.call('GET', `/api/studies/${created.id}/events`, { as: member.key });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    const events = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]));
    expect(events.map((e) => e.type)).toEqual(['trial', 'end']);
    expect(text).toMatch(/^id: \d+-\d+$/m);

    await finishStudy(t.database.db, { studyId: created.id, attempt: claimed.attempt, status: 'completed' });
    await t.redis.redis.del(`${t.redis.prefix}:studies:${created.id}:events`);
    const expired = await (await t.call('GET', `/api/studies/${created.id}/events`, { as: member.key })).text();
    expect(JSON.parse(/^data: (.*)$/m.exec(expired)![1])).toMatchObject({ type: 'end', studyId: created.id, status: 'completed' });
  });
});
