/**
 * Benchmark: the queue spine against the machine's Postgres and Redis (a database and a key
 * prefix of its own, removed afterwards) with the BUILT worker (`npm run build` first).
 *
 *   npm run bench -- queue [--pickups N] [--points N] [--steps N]
 *
 * - pickup latency: enqueue → the worker starts the job (BullMQ processedOn), one job at a time
 *   on an idle worker; the runs are already cancelled so each job ends at once.
 * - metric ingest: points/s sustained by insertMetrics (the worker's batched, idempotent
 *   insert of 5,000 points), one writer and four concurrent writers.
 * - event latency: trainer callback (timestamp taken in the training thread) → a Redis Stream
 *   reader, and → an SSE client of runEventsSseStream (the body of the web app's
 *   GET /api/runs/:id/events) served by node:http, for every step and metric event of a training.
 * Targets: pickup p99 < 200 ms; ingest ≥ 50,000 points/s; event latency p99 < 500 ms.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { claimRun, insertMetrics, requestRunCancel, type MetricPoint } from '@overture/db';
import { createQueues, enqueue, readRunEvents, ZRunEvent } from '@overture/jobs';
import { createTestDatabase, createTestRedis, seedDataset, seedRun, toyConfig, toyCsv, waitFor } from '@overture/testing';
import { repoRoot } from './lib/paths.js';
import { writeResults } from './lib/results.js';
import { formatTable } from './lib/table.js';
import { round } from './lib/stats.js';
import { percentile } from './queue/percentiles.js';
import { startBuiltWorker } from './queue/worker-process.js';
import { readSse, startSseServer } from './queue/sse-server.js';

const { values: args } = parseArgs({ options: { pickups: { type: 'string', default: '100' }, points: { type: 'string', default: '1000000' }, steps: { type: 'string', default: '3000' } } });
if (!existsSync(join(repoRoot, 'apps/worker/dist/main.js'))) {
  console.error('apps/worker/dist is missing: run `npm run build` first (the benchmark runs the built worker).');
  process.exit(1);
}

const database = await createTestDatabase('bench_queue');
const redis = createTestRedis('bench-queue');
const queues = createQueues(redis.redis, redis.prefix);
const dataDir = mkdtempSync(join(tmpdir(), 'overture-bench-queue-'));
const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, DATA_DIR: dataDir, OVERTURE_REDIS_PREFIX: redis.prefix, OVERTURE_BACKEND: 'wasm' };
const worker = await startBuiltWorker(env);
const { db } = database;
const dataset = await seedDataset(db, dataDir, toyCsv(2000));

try {
  // Pickup latency.
  const pickups: number[] = [];
  for (let i = 0; i < Number(args.pickups); i++) {
    const run = await seedRun(db, dataset, toyConfig());
    await requestRunCancel(db, run.id);
    await new Promise((r) => setTimeout(r, 20)); // the worker is idle, blocked on the queue
    const enqueuedAt = Date.now();
    await enqueue(queues, 'training.run', { runId: run.id });
    const job = await waitFor('job done', async () => {
      const j = await queues.training.getJob(run.id);
      return j?.finishedOn ? j : null;
    }, 30_000, 5);
    pickups.push(job.processedOn! - enqueuedAt);
  }

  // Metric ingest.
  const totalPoints = Number(args.points);
  const ingest = async (writers: number) => {
    const runs = await Promise.all(Array.from({ length: writers }, async () => {
      const run = await seedRun(db, dataset, toyConfig());
      return claimRun(db, { runId: run.id, workerId: 'bench:0' });
    }));
    const perWriter = Math.floor(totalPoints / writers);
    const started = performance.now();
    await Promise.all(runs.map(async (run) => {
      for (let from = 0; from < perWriter; from += 5000) {
        const points: MetricPoint[] = [];
        for (let step = from + 1; step <= Math.min(perWriter, from + 5000); step++) points.push({ split: 'training', output: 'combined', metric: 'step_loss', step, epoch: Math.floor(step / 1000), value: 1 / step });
        await insertMetrics(db, { runId: run!.id, attempt: run!.attempt, points });
      }
    }));
    return (perWriter * writers) / ((performance.now() - started) / 1000);
  };
  const ingestOne = await ingest(1);
  const ingestFour = await ingest(4);

  // Event latency: a real training, read from the stream and through SSE at the same time.
  const stepsWanted = Number(args.steps);
  const run = await seedRun(db, dataset, toyConfig({ epochs: Math.max(1, Math.ceil(stepsWanted / 175)), batchSize: 8, stepsPerCheckpoint: 100 }));
  const sse = await startSseServer(redis.redis, redis.prefix);
  const streamLatency: number[] = [];
  const sseLatency: number[] = [];
  const reader = redis.redis.duplicate();
  const fromStream = (async () => {
    for await (const item of readRunEvents(reader, { prefix: redis.prefix, runId: run.id, blockMs: 1000 })) {
      if (item && (item.event.type === 'step' || item.event.type === 'metric')) streamLatency.push(Date.now() - item.event.ts);
    }
  })();
  const fromSse = readSse(`${sse.url}/runs/${run.id}/events`, (data, at) => {
    const event = ZRunEvent.parse(JSON.parse(data));
    if (event.type === 'step' || event.type === 'metric') sseLatency.push(at - event.ts);
  });
  await new Promise((r) => setTimeout(r, 200));
  await enqueue(queues, 'training.run', { runId: run.id });
  await Promise.all([fromStream, fromSse]);
  reader.disconnect();
  await sse.close();

  const rows = [
    ['job pickup (enqueue → worker start)', `${pickups.length} jobs`, `${percentile(pickups, 50)} ms`, `${percentile(pickups, 99)} ms`, 'p99 < 200 ms'],
    ['metric ingest, 1 writer', `${totalPoints.toLocaleString('en')} points`, `${Math.round(ingestOne).toLocaleString('en')} points/s`, '', '≥ 50,000 points/s'],
    ['metric ingest, 4 writers', `${totalPoints.toLocaleString('en')} points`, `${Math.round(ingestFour).toLocaleString('en')} points/s`, '', '≥ 50,000 points/s'],
    ['event latency, callback → Redis Stream reader', `${streamLatency.length} events`, `${percentile(streamLatency, 50)} ms`, `${percentile(streamLatency, 99)} ms`, 'p99 < 500 ms'],
    ['event latency, callback → SSE client', `${sseLatency.length} events`, `${percentile(sseLatency, 50)} ms`, `${percentile(sseLatency, 99)} ms`, 'p99 < 500 ms'],
  ];
  console.log(formatTable(['measure', 'sample', 'p50 / rate', 'p99', 'target'], rows, ['left', 'right', 'right', 'right', 'left']));
  const file = await writeResults('queue', {
    pickup_ms: { n: pickups.length, p50: percentile(pickups, 50), p99: percentile(pickups, 99), max: Math.max(...pickups) },
    ingest_points_per_s: { one_writer: round(ingestOne, 0), four_writers: round(ingestFour, 0), batch: 5000, points: totalPoints },
    event_latency_ms: {
      redis_stream: { n: streamLatency.length, p50: percentile(streamLatency, 50), p99: percentile(streamLatency, 99), max: Math.max(...streamLatency) },
      sse_node_http: { n: sseLatency.length, p50: percentile(sseLatency, 50), p99: percentile(sseLatency, 99), max: Math.max(...sseLatency) },
      note: 'SSE is served by node:http with runEventsSseStream (the web route body) until apps/web exists',
    },
  });
  console.log(`\nwrote ${file}`);
} finally {
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await queues.close();
  await redis.cleanup();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
