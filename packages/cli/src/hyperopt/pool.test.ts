import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ZHyperopt } from '@overture/config';
import type { TrialHandle } from '@overture/trainer/hyperopt';
import { tempDir } from '../test/fixtures.js';
import { TrialPool } from './pool.js';

const penguins = fileURLToPath(new URL('../../../../examples/penguins/penguins.csv', import.meta.url));
const baseConfig = {
  input_features: [{ name: 'island', type: 'category' }, { name: 'beak_length_mm', type: 'number' }, { name: 'flipper_length_mm', type: 'number' }],
  output_features: [{ name: 'species', type: 'category' }],
  trainer: { epochs: 3, batch_size: 32 },
};
const hyperopt = ZHyperopt.parse({ goal: 'maximize', output_feature: 'species', metric: 'accuracy', parameters: { 'trainer.learning_rate': { space: 'choice', categories: [0.01] } } });

function handle(onReport: (score: number) => 'continue' | 'stop' = () => 'continue'): TrialHandle & { scores: number[] } {
  const scores: number[] = [];
  return { scores, signal: new AbortController().signal, report: ({ metricScore }) => (scores.push(metricScore), onReport(metricScore)) };
}

let pool: TrialPool | null = null;
afterEach(() => pool?.close());

describe('TrialPool', () => {
  it('resumes the trial of a process killed mid-trial in a new process, from its last checkpoint', async () => {
    const retries: string[] = [];
    pool = new TrialPool({ dataset: penguins, backend: undefined, baseConfig, hyperopt, seed: 42 }, 1, undefined, (spec, reason) => retries.push(`${spec.id}: ${reason}`));
    await pool.start();
    const [pid] = pool.pids();
    const dir = tempDir();
    // Killed at its second report: epoch 1 is checkpointed, epoch 2 is not.
    const h = handle(() => {
      if (h.scores.length === 2) process.kill(pid, 'SIGKILL');
      return 'continue';
    });
    const result = await pool.run({ id: 0, parameters: { 'trainer.learning_rate': 0.01 } }, h, path.join(dir, 'trial_0'));
    expect(pool.pids()).not.toContain(pid);
    expect(result.epochs).toBe(3);
    // Epochs 1 and 2 before the kill, then 2 again and 3 after resuming from epoch 1 (from scratch it would be 1, 2, 3).
    expect(h.scores).toHaveLength(4);
    expect(result.metricScore).toBe(Math.max(...h.scores.slice(2), h.scores[0]));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/^0: the trial process died \(SIGKILL\)/);
  }, 180_000);

  it('fails a trial whose process dies again after the retry, and keeps a process for the next trial', async () => {
    pool = new TrialPool({ dataset: penguins, backend: undefined, baseConfig, hyperopt, seed: 42 }, 1);
    await pool.start();
    const killed = pool.run({ id: 0, parameters: { 'trainer.learning_rate': 0.01 } }, handle(() => {
      for (const pid of pool!.pids()) process.kill(pid, 'SIGKILL');
      return 'continue';
    }), path.join(tempDir(), 'trial_0'));
    await expect(killed).rejects.toThrow('the trial process died (SIGKILL)');
    const h = handle();
    await pool.run({ id: 1, parameters: { 'trainer.learning_rate': 0.01 } }, h, path.join(tempDir(), 'trial_1'));
    expect(h.scores).toHaveLength(3);
  }, 180_000);

  it('stops a trial when its report is answered with stop, keeping what it trained', async () => {
    pool = new TrialPool({ dataset: penguins, backend: undefined, baseConfig, hyperopt, seed: 42 }, 1);
    await pool.start();
    const h = handle(() => 'stop');
    const result = await pool.run({ id: 0, parameters: { 'trainer.learning_rate': 0.01 } }, h, path.join(tempDir(), 'trial_0'));
    expect(h.scores).toHaveLength(1);
    expect(result.stopReason).toBe('cancelled');
    expect(result.metricScore).toBe(h.scores[0]);
    expect(result.modelDirectory).not.toBeNull();
  }, 120_000);

  it('kills a stopped trial that does not end within the grace period, as stopped rather than failed, and replaces its process', async () => {
    pool = new TrialPool({ dataset: penguins, backend: undefined, baseConfig, hyperopt, seed: 42 }, 1, 1);
    await pool.start();
    const [pid] = pool.pids();
    const abort = new AbortController();
    const stopped = pool.run({ id: 0, parameters: { 'trainer.learning_rate': 0.01 } }, { signal: abort.signal, report: () => 'continue' }, path.join(tempDir(), 'trial_0'));
    abort.abort();
    await expect(stopped).resolves.toMatchObject({ stopReason: 'killed', metricScore: null });
    const h = handle();
    await pool.run({ id: 1, parameters: { 'trainer.learning_rate': 0.01 } }, h, path.join(tempDir(), 'trial_1'));
    expect(pool.pids()).not.toContain(pid);
    expect(h.scores).toHaveLength(3);
  }, 120_000);

  it('refuses to start on a dataset it cannot read', async () => {
    pool = new TrialPool({ dataset: '/nonexistent/data.csv', backend: undefined, baseConfig, hyperopt, seed: 42 }, 1);
    await expect(pool.start()).rejects.toThrow('/nonexistent/data.csv');
  }, 60_000);
});
