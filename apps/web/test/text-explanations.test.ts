import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimRun, finishRun, recordArtifact } from '@overture/db';
import { seedRun, seedDataset, toyCsv, toyConfig } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

// The serving package's text fixture: a binary spam classifier over `message` ("free", "prize" mean spam).
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures');

describe('/predict?explain=true on a deployed text model', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;

  beforeAll(async () => {
    t = await startTestApp('text-explanations');
    member = await t.user('member');
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(20));
    const run = await seedRun(t.database.db, dataset, toyConfig());
    const claimed = await claimRun(t.database.db, { runId: run.id, workerId: 'host:1' });
    const bundle = `runs/${run.id}/output/model`;
    cpSync(path.join(fixtures, 'text-spam', 'model'), path.join(t.dataDir, bundle), { recursive: true });
    await recordArtifact(t.database.db, { runId: run.id, kind: 'model_bundle', path: bundle, contentType: 'inode/directory' });
    await finishRun(t.database.db, { runId: run.id, attempt: claimed!.attempt, status: 'completed' });
    await expectJson(await t.call('POST', '/api/deployments', { as: member.key, body: { name: 'spam', runId: run.id } }), 201);
  });
  afterAll(async () => { await t.close(); });

  it('returns per-token attributions for the text input, by query or body flag, and none without it', async () => {
    const instances = [{ message: 'please call me about the free report' }];
    const byQuery = await expectJson(await t.call('POST', '/predict/spam?explain=true', { as: member.key, body: { instances } }), 200);
    expect(byQuery.predictions[0].spam.prediction).toBe('yes');
    expect(byQuery.explanation_method).toBe('occlusion');
    const tokens = byQuery.explanations[0].spam.tokens.message as { text: string; start: number; end: number; attribution: number }[];
    expect(tokens.map((s) => s.text)).toEqual(['please', 'call', 'me', 'about', 'the', 'free', 'report']);
    expect(tokens.reduce((a, b) => (b.attribution > a.attribution ? b : a)).text).toBe('free');
    const byBody = await expectJson(await t.call('POST', '/predict/spam', { as: member.key, body: { instances, explain: true } }), 200);
    expect(byBody.explanations[0].spam.tokens.message).toEqual(tokens);
    const csv = await expectJson(await t.call('POST', '/predict/spam?explain=true', { as: member.key, raw: 'message\n"free prize, call me"\n', headers: { 'content-type': 'text/csv' } }), 200);
    expect(csv.explanations[0].spam.tokens.message.map((s: { text: string }) => s.text)).toEqual(['free', 'prize', ',', 'call', 'me']);
    const plain = await expectJson(await t.call('POST', '/predict/spam', { as: member.key, body: { instances } }), 200);
    expect(plain.explanations).toBeUndefined();
  });
});
