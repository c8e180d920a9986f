import { toyCsv } from '@overture/testing';
import type { APIRequestContext } from 'playwright-core';
import { json, newUser, until, uploadCsv } from './api';

/**
 * A profiled toy dataset and an auto-config model of it whose trainer is short (for journeys that start later).
 * `untilCancelled` turns early stopping off: the toy data saturates within seconds, and a spec that
 * needs a run still training when it clicks saw it complete under it.
 */
export async function seedModel(api: APIRequestContext, name: string, epochs = 4, { untilCancelled = false } = {}) {
  const dataset = await uploadCsv(api, toyCsv(200, 7), `${name}.csv`);
  const auto = await json(await api.post('/api/models', { data: { name, datasetId: dataset.id, targets: ['label'] } }), 201);
  let config = (auto.config as string).replace(/^trainer:\n/m, `trainer:\n  epochs: ${epochs}\n`);
  if (untilCancelled) {
    if (!/^ {2}early_stop: \d+$/m.test(config)) throw new Error('the auto-config no longer writes trainer.early_stop; update seedModel');
    config = config.replace(/^ {2}early_stop: \d+$/m, '  early_stop: -1');
  }
  const v1 = await json(await api.post(`/api/models/${auto.id}/versions`, { data: { config, parentVersionId: auto.versionId, message: `${epochs} epochs` } }), 201);
  return { datasetId: dataset.id as string, modelId: auto.id as string, autoVersionId: auto.versionId as string, versionId: v1.versionId as string };
}

/** Trains a version through the API and waits until the run has finished. */
export async function trainVersion(api: APIRequestContext, versionId: string) {
  const run = await json(await api.post('/api/runs', { data: { versionId } }), 201);
  return until('the run to finish', async () => {
    const detail = await json(await api.get(`/api/runs/${run.id}`), 200);
    return ['completed', 'failed', 'cancelled'].includes(detail.status) ? detail : null;
  }, 150_000);
}

/** A new member with a seeded model whose short-trainer version has one completed run. */
export async function memberWithTrainedModel(name: string, epochs: number) {
  const member = await newUser('member');
  const seeded = await seedModel(member.api, name, epochs);
  const run = await trainVersion(member.api, seeded.versionId);
  if (run.status !== 'completed') throw new Error(`the seeded run ${run.status}: ${run.error}`);
  return { member, seeded, run };
}
