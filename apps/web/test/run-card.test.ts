import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

// A bundle written by the trainer for the serving package's tests (format 1.1: card.md, no card.json).
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../packages/serving/src/test/fixtures/multi-task/model');

const card = {
  card_version: 1, dataset: 'churn.csv',
  intended_use: ['Predicts kind (category) from x1, x2.'],
  data: { rows: { total: 100, used: 100, dropped: 0 }, split: { method: 'random', detail: '70% / 10% / 20% of rows at random (seed 42)', sizes: { training: 70, validation: 10, test: 20 } } },
  metrics_per_split: [{ output: 'kind', metric: 'accuracy', values: { training: null, validation: 0.7, test: 0.75 } }],
  limitations: ['Trained on 70 rows.'],
};

function form(content: Buffer, fileName: string): FormData {
  const data = new FormData();
  data.append('file', new Blob([new Uint8Array(content)]), fileName);
  return data;
}

describe('GET /api/runs/{id}/card', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let work: string;

  async function importBundle(withCardJson: boolean): Promise<string> {
    const out = mkdtempSync(path.join(work, 'out-'));
    cpSync(fixture, path.join(out, 'model'), { recursive: true });
    if (withCardJson) writeFileSync(path.join(out, 'model', 'card.json'), JSON.stringify(card));
    const file = path.join(work, `${path.basename(out)}.tar.gz`);
    await create({ gzip: true, portable: true, cwd: out, file }, ['.']);
    const imported = await expectJson(await t.call('POST', '/api/models/import', { as: member.key, raw: form(readFileSync(file), 'model.tar.gz') }), 201);
    return imported.runId as string;
  }

  beforeAll(async () => {
    t = await startTestApp('run_card');
    member = await t.user('member');
    work = mkdtempSync(path.join(tmpdir(), 'overture-card-test-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("answers the bundle's card.json and card.md, kept by the import", async () => {
    const runId = await importBundle(true);
    const viewer = await t.user('viewer');
    const answer = await expectJson(await t.call('GET', `/api/runs/${runId}/card`, { as: viewer.key }), 200);
    expect(answer.card).toEqual(card);
    expect(answer.markdown).toBe(readFileSync(path.join(fixture, 'card.md'), 'utf8'));
  });

  it('answers card null and the markdown for a bundle saved before card.json existed', async () => {
    const runId = await importBundle(false);
    const answer = await expectJson(await t.call('GET', `/api/runs/${runId}/card`, { as: member.key }), 200);
    expect(answer.card).toBeNull();
    expect(answer.markdown).toContain('# Model card');
  });

  it('is a 404 for a run that does not exist', async () => {
    await expectJson(await t.call('GET', '/api/runs/00000000-0000-4000-8000-000000000000/card', { as: member.key }), 404);
  });
});
