import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { toyCsv } from '@overture/testing';
import { describe, expect, it } from 'vitest';
import { newUser, platform } from '../support/api';

const run = promisify(execFile);
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'readme-api.sh');

/** The README's API example, run as written against a started platform: it must not deploy before the run ended. */
describe('the README API example', () => {
  it('uploads, trains, waits for the run to end, deploys and predicts with curl', async () => {
    const member = await newUser('member');
    const folder = mkdtempSync(path.join(tmpdir(), 'overture-readme-'));
    const csv = path.join(folder, 'toy.csv');
    writeFileSync(csv, toyCsv(200, 5));
    const { stdout } = await run('bash', [script], { env: { ...process.env, KEY: member.key, BASE: platform().baseURL, CSV: csv }, timeout: 170_000 });
    const answer = JSON.parse(stdout) as { predictions: { label: { prediction: string; probability: number } }[] };
    expect(answer.predictions).toHaveLength(1);
    expect(['yes', 'no']).toContain(answer.predictions[0].label.prediction);
  });
});
