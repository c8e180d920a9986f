import { listLiveWorkers, queueNames, type Queues } from '@overture/jobs';
import type { Redis } from 'ioredis';
import { createPredictMetrics, latencyBuckets, type PredictMetrics } from '@overture/deployments';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The web process's Prometheus series (scraped at /api/metrics). Cluster-wide gauges (queue depth,
 * live workers) are read from Redis when scraped, so every web replica reports the same values:
 * take `max` over instances, not `sum`.
 */
export interface WebMetrics extends PredictMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  queueJobs: Gauge<'queue' | 'state'>;
  liveWorkers: Gauge;
}

function createWebMetrics(): WebMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'web' });
  collectDefaultMetrics({ register: registry, prefix: 'overture_web_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'overture_http_requests_total', help: 'HTTP requests answered, by route template, method and status', labelNames: ['route', 'method', 'status'], registers }),
    httpDuration: new Histogram({ name: 'overture_http_request_duration_seconds', help: 'Time to answer an HTTP request (to the response head; streams run on)', labelNames: ['route', 'method', 'status'], buckets: latencyBuckets, registers }),
    ...createPredictMetrics(registry),
    queueJobs: new Gauge({ name: 'overture_queue_jobs', help: 'Jobs per BullMQ queue and state (read from Redis at scrape time)', labelNames: ['queue', 'state'], registers }),
    liveWorkers: new Gauge({ name: 'overture_workers_live', help: 'Workers whose heartbeat is current', registers }),
  };
}

// One set per process on globalThis: Next bundles routes and the process context apart (see errors.ts).
const holder = globalThis as typeof globalThis & { __overtureWebMetrics?: WebMetrics };

export function webMetrics(): WebMetrics {
  return (holder.__overtureWebMetrics ??= createWebMetrics());
}

const queueStates = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/** Reads queue depths and live workers from Redis into the gauges (before a scrape). */
export async function refreshClusterGauges(metrics: WebMetrics, queues: Queues, redis: Redis, prefix: string): Promise<void> {
  const [counts, workers] = await Promise.all([
    Promise.all(queueNames.map(async (name) => [name, await queues[name].getJobCounts(...queueStates)] as const)),
    listLiveWorkers(redis, prefix),
  ]);
  for (const [queue, c] of counts) {
    // Prioritized jobs are waiting too (as /api/queues counts them).
    metrics.queueJobs.set({ queue, state: 'waiting' }, (c.waiting ?? 0) + (c.prioritized ?? 0));
    for (const state of ['active', 'delayed', 'failed', 'completed'] as const) metrics.queueJobs.set({ queue, state }, c[state] ?? 0);
  }
  metrics.liveWorkers.set(workers.length);
}
