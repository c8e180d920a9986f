import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { toyTable } from '../test-support/toy-table.js';
import { trainModel, type TrainingOutcome } from './train.js';
import { resumeConfig } from './test/resume-config.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const packageRoot = path.resolve(here, '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'overture-resume-'));

function setup() {
  const config = resumeConfig();
  const { dataset, metadata } = preprocessForTraining(toyTable(400), config, { seed: 7 });
  return { config, dataset, metadata };
}

function weightsOf(outcome: TrainingOutcome): Record<string, number[]> {
  const snap = outcome.model.params.snapshot();
  return Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, Array.from(v.values)]));
}

/** Runs the child trainer until it reports a checkpoint at or after `killAfterStep`, then SIGKILLs it. */
function trainUntilKilled(checkpointDir: string, killAfterStep: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(here, 'test/train-child.ts'), checkpointDir], {
      cwd: packageRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killedAt = -1;
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    child.stdout.on('data', (chunk) => {
      for (const line of String(chunk).split('\n')) {
        const m = /^checkpoint (\d+)$/.exec(line);
        if (m && killedAt < 0 && Number(m[1]) >= killAfterStep) {
          killedAt = Number(m[1]);
          child.kill('SIGKILL');
        }
        if (line === 'finished') reject(new Error('the child finished before it could be killed'));
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killedAt >= 0) resolve(killedAt);
      else reject(new Error(`child exited with ${code ?? signal} before the kill; stderr:\n${stderr.slice(-2000)}`));
    });
  });
}

describe('resuming a killed training', () => {
  let reference: { weights: Record<string, number[]>; statistics: unknown; steps: unknown };

  beforeAll(async () => {
    await initBackend('wasm');
    const { config, dataset, metadata } = setup();
    const outcome = await trainModel({ config, dataset, metadata, seed: 7 });
    reference = { weights: weightsOf(outcome), statistics: outcome.statistics, steps: outcome.progress.steps };
    outcome.model.dispose();
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('ends with the same weights and metrics as an uninterrupted run after a SIGKILL mid-epoch', async () => {
    const dir = path.join(tmp, 'killed');
    const killedAt = await trainUntilKilled(dir, 12);
    expect(existsSync(path.join(dir, 'latest', 'checkpoint.json'))).toBe(true);
    const { config, dataset, metadata } = setup();
    const resumed = await trainModel({ config, dataset, metadata, seed: 7, checkpointDir: dir });
    expect(resumed.resumedFromStep).toBeGreaterThanOrEqual(killedAt - 5);
    expect(resumed.resumedFromStep! % 9).not.toBe(0);
    expect(resumed.progress.steps).toBe(reference.steps);
    expect(resumed.statistics).toEqual(reference.statistics);
    expect(weightsOf(resumed)).toEqual(reference.weights);
    resumed.model.dispose();
  }, 120_000);

  it('continues exactly after a cancellation', async () => {
    const dir = path.join(tmp, 'cancelled');
    const { config, dataset, metadata } = setup();
    let steps = 0;
    const first = await trainModel({ config, dataset, metadata, seed: 7, checkpointDir: dir, callbacks: { onStep: () => { steps++; }, shouldStop: () => steps >= 17 } });
    expect(first.stopReason).toBe('cancelled');
    first.model.dispose();
    const resumed = await trainModel({ config, dataset, metadata, seed: 7, checkpointDir: dir });
    expect(resumed.resumedFromStep).toBe(17);
    expect(resumed.statistics).toEqual(reference.statistics);
    expect(weightsOf(resumed)).toEqual(reference.weights);
    resumed.model.dispose();
  }, 60_000);

  it('ignores a checkpoint written for another config', async () => {
    const dir = path.join(tmp, 'other');
    const { config, dataset, metadata } = setup();
    let steps = 0;
    const first = await trainModel({ config, dataset, metadata, seed: 7, checkpointDir: dir, callbacks: { onStep: () => { steps++; }, shouldStop: () => steps >= 5 } });
    first.model.dispose();
    const changed = { ...config, trainer: { ...config.trainer, learning_rate: 0.02 } };
    const fresh = await trainModel({ config: changed, dataset, metadata, seed: 7, checkpointDir: dir });
    expect(fresh.resumedFromStep).toBeNull();
    fresh.model.dispose();
  }, 60_000);
});
