import { listLiveWorkers, queueNames, type Queues } from '@overture/jobs';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The web process's Prometheus series (scraped at /api/metrics). Cluster-wide gauges (queue depth,
 * live workers) are read from Redis when scraped, so every web replica reports the same values:
 * take `max` over instances, not `sum`.
 */
export interface WebMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
  predictRequests: Counter<'deployment' | 'version' | 'status'>;
  predictDuration: Histogram<'deployment' | 'version'>;
  predictRows: Counter<'deployment' | 'version'>;
  modelLoad: Histogram<'deployment' | 'outcome'>;
  queueJobs: Gauge<'queue' | 'state'>;
  liveWorkers: Gauge;
}

const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function createWebMetrics(): WebMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'web' });
  collectDefaultMetrics({ register: registry, prefix: 'overture_web_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'overture_http_requests_total', help: 'HTTP requests answered, by route template, method and status', labelNames: ['route', 'method', 'status'], registers }),
    httpDuration: new Histogram({ name: 'overture_http_request_duration_seconds', help: 'Time to answer an HTTP request (to the response head; streams run on)', labelNames: ['route', 'method', 'status'], buckets: latencyBuckets, registers }),
    predictRequests: new Counter({ name: 'overture_predict_requests_total', help: '/predict requests that reached a served deployment, by deployment, version (run id) and status', labelNames: ['deployment', 'version', 'status'], registers }),
    predictDuration: new Histogram({ name: 'overture_predict_duration_seconds', help: 'Time a served deployment took to answer /predict', labelNames: ['deployment', 'version'], buckets: latencyBuckets, registers }),
    predictRows: new Counter({ name: 'overture_predict_rows_total', help: 'Rows sent to /predict of a served deployment', labelNames: ['deployment', 'version'], registers }),
    modelLoad: new Histogram({ name: 'overture_model_load_seconds', help: "Time to load a deployment's model into this process's serving cache", labelNames: ['deployment', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers }),
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
