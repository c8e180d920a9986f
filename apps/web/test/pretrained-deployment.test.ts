import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCompletedRun } from '@overture/testing';
import { expectJson, startTestApp, type TestApp } from './harness';

/** A bert (tiny test export) sentiment bundle: packages/trainer/src/test-support/write-pretrained-fixture-bundle.ts writes it. */
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures/pretrained-reviews/model');

/**
 * A bundle with a frozen bert encoder (the tiny test export) carries its copy in pretrained/: a
 * deployment of it answers /predict with no models root on the web, and so does an imported copy.
 */
describe('deploying a model with a pretrained text encoder', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let work: string;
  let bundle: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'overture-pretrained-deploy-'));
    // The web process is given no models root holding tiny-bert: the bundle's copy must do.
    bundle = path.join(work, 'model');
    cpSync(fixture, bundle, { recursive: true });
    t = await startTestApp('pretrained_deploy', { OVERTURE_MAX_IMPORT_UNPACKED_BYTES: String(64 * 1024 * 1024) });
    member = await t.user('member');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers /predict for a deployed run whose bundle carries pretrained/', async () => {
    const run = await seedCompletedRun(t.database.db, t.dataDir, bundle);
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'reviews', runId: run.id } }), 201);
    const answer = await expectJson(await t.call('POST', '/predict/reviews', { as: member.key, body: { instances: [{ review: 'the movie was great' }, { review: 'awful film' }] } }), 200);
    expect(answer.errors ?? []).toEqual([]);
    expect(answer.predictions).toHaveLength(2);
    for (const p of answer.predictions) expect(p.label.prediction).toMatch(/^(yes|no)$/);
  });

  it('keeps pretrained/ when the bundle is imported (tar.gz of the output folder), and the imported run deploys', async () => {
    const archive = path.join(work, 'reviews.tar.gz');
    await create({ gzip: true, portable: true, cwd: path.dirname(bundle), file: archive }, [path.basename(bundle)]);
    const data = new FormData();
    data.append('file', new Blob([new Uint8Array(readFileSync(archive))]), 'reviews.tar.gz');
    const imported = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: data }), 201);
    expect(existsSync(path.join(t.dataDir, 'runs', imported.runId, 'output', 'model', 'pretrained', 'tiny-bert', 'onnx', 'model.onnx'))).toBe(true);
    expect(existsSync(path.join(t.dataDir, 'runs', imported.runId, 'output', 'model', 'pretrained', 'tiny-bert', 'tokenizer.json'))).toBe(true);
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'reviews-imported', runId: imported.runId } }), 201);
    const answer = await expectJson(await t.call('POST', '/predict/reviews-imported', { as: member.key, body: { instances: [{ review: 'love the plot' }] } }), 200);
    expect(answer.predictions[0].label.prediction).toMatch(/^(yes|no)$/);
  });
});
