import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '@overture/jobs';
import { freePort, parsePrometheus, seedDataset, seedRun, toyConfig, toyCsv, waitFor } from '@overture/testing';
import { createPlatform, type Platform } from './test/platform.js';
import type { WorkerProcess } from './test/worker-process.js';
import { jobOutcome, trainingStepMeter, workerMetrics } from './observability/metrics.js';

/** The overture_* series the Grafana dashboard queries, by metric family (histogram suffixes dropped). */
function dashboardFamilies(): string[] {
  const dashboard = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../infra/grafana/overture.json'), 'utf8');
  const names = [...dashboard.matchAll(/overture_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ''));
  return [...new Set(names)].filter((n) => n !== 'overture_platform');
}

/** Families served by worker processes (the rest come from the web's /api/metrics). */
const workerFamily = (name: string) => /^overture_(worker_|jobs_|job_|training_)/.test(name);

/** The JSON log lines a worker wrote so far (anything else on stdout fails the test: logs must be JSON lines). */
function logLines(worker: WorkerProcess): Record<string, unknown>[] {
  return worker.output().split('\n').filter((l) => l.trim() !== '').map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new Error(`not a JSON log line: ${l}`);
    }
  });
}

describe('worker operations: metrics port and structured logs', () => {
  let platform: Platform;
  let worker: WorkerProcess;
  let port: number;
  const scrape = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    return parsePrometheus(await response.text());
  };

  beforeAll(async () => {
    platform = await createPlatform('operations');
    port = await freePort();
    worker = await platform.startWorker({ OVERTURE_WORKER_METRICS_PORT: String(port), WORKER_PROGRESS_INTERVAL_MS: '100' });
  });
  afterAll(async () => { await platform?.close(); });

  it('serves /metrics on 127.0.0.1 only, and nothing else there', async () => {
    const parsed = await scrape();
    expect(parsed.has('overture_worker_process_cpu_seconds_total')).toBe(true);
    expect(parsed.types.get('overture_jobs_total')).toBe('counter');
    expect(parsed.types.get('overture_job_duration_seconds')).toBe('histogram');
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    const families = dashboardFamilies().filter(workerFamily);
    expect(families.length).toBeGreaterThan(4);
    expect(families.filter((n) => !parsed.types.has(n))).toEqual([]);
    expect(logLines(worker)).toContainEqual(expect.objectContaining({ service: 'worker', msg: `metrics at http://127.0.0.1:${port}/metrics` }));
  });

  it('counts a training job by outcome with its duration and steps, and logs it as JSON with the request id it was enqueued under', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(400));
    const run = await seedRun(db, dataset, toyConfig({ epochs: 3, batchSize: 8 }));
    await enqueue(platform.queues, 'training.run', { runId: run.id }, {}, { requestId: 'req-from-web-7' });
    const done = await platform.waitForRun(run.id, (r) => r.status === 'completed' || r.status === 'failed', 120_000);
    expect(done.status).toBe('completed');
    const labels = { job: 'training.run', outcome: 'completed' };
    const parsed = await waitFor('the job to be counted', async () => {
      const p = await scrape();
      return p.value('overture_jobs_total', labels) === 1 ? p : null;
    });
    expect(parsed.value('overture_job_duration_seconds_count', labels)).toBe(1);
    expect(parsed.value('overture_job_duration_seconds_sum', labels)).toBeGreaterThan(0);
    expect(parsed.value('overture_training_steps_total')).toBeGreaterThan(0);
    expect(parsed.value('overture_training_steps_total')).toBeLessThanOrEqual(done.step);
    expect(parsed.samples.filter((s) => s.name === 'overture_training_steps_per_second')).toEqual([]);
    const lines = logLines(worker).filter((l) => l.jobId === run.id);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line).toMatchObject({ service: 'worker', level: 'info', requestId: 'req-from-web-7', job: 'training.run', time: expect.any(String) });
    expect(lines.map((l) => l.msg)).toContainEqual(expect.stringMatching(/^run .* finished: /));
  }, 150_000);

  it('counts a failed job as failed', async () => {
    const { db } = platform.database;
    const dataset = await seedDataset(db, platform.dataDir, toyCsv(40));
    const run = await seedRun(db, dataset, { ...toyConfig(), input_features: [{ name: 'no_such_column', type: 'number' }] } as never);
    await enqueue(platform.queues, 'training.run', { runId: run.id });
    await platform.waitForRun(run.id, (r) => r.status === 'failed', 60_000);
    await waitFor('the failure to be counted', async () => ((await scrape()).value('overture_jobs_total', { job: 'training.run', outcome: 'failed' }) >= 1 ? true : null));
  }, 90_000);
});

describe('worker metrics without a port', () => {
  it('does not listen when OVERTURE_WORKER_METRICS_PORT is unset', async () => {
    const platform = await createPlatform('operations-off');
    try {
      const worker = await platform.startWorker();
      expect(worker.output()).not.toMatch(/metrics at/);
    } finally {
      await platform.close();
    }
  }, 60_000);
});

describe('step meter and outcomes', () => {
  it('counts steps between reports, gives steps/s, and forgets the run at its end', async () => {
    const meter = trainingStepMeter('run-a');
    const before = (await workerMetrics().trainingSteps.get()).values[0]?.value ?? 0;
    meter.step(10, 1_000); // resumed at step 10: a baseline only
    meter.step(30, 3_000);
    meter.step(50, 4_000);
    expect(((await workerMetrics().trainingSteps.get()).values[0]?.value ?? 0) - before).toBe(40);
    expect((await workerMetrics().trainingStepsPerSecond.get()).values).toEqual([expect.objectContaining({ labels: { run_id: 'run-a' }, value: 20 })]);
    meter.end();
    expect((await workerMetrics().trainingStepsPerSecond.get()).values).toEqual([]);
  });

  it('takes the outcome from the handler result status', () => {
    expect(jobOutcome({ status: 'cancelled' })).toBe('cancelled');
    expect(jobOutcome({ rowCount: 3 })).toBe('completed');
    expect(jobOutcome({ status: 'Weird Status!' })).toBe('completed');
  });
});
