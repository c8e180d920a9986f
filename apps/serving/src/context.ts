import { createDb, type Database, type DbHandle } from '@overture/db';
import { ApiKeyCache, createBus, createPredictMetrics, DeploymentServer, PredictionLogger, RateLimiter, reportServed, type Bus, type PredictMetrics } from '@overture/deployments';
import { createRedis, createServiceLogger, logFunction, type LogFields, type ServiceLogger } from '@overture/jobs';
import { ServingEngine } from '@overture/serving';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ServingEnv } from './env.js';

export interface ServingMetrics extends PredictMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'method' | 'status'>;
  httpDuration: Histogram<'route' | 'method' | 'status'>;
}

/** The serving process's connections and state: what a /predict request needs, nothing of the web's. */
export interface ServingContext {
  env: ServingEnv;
  db: Database;
  dbHandle: DbHandle;
  redis: Redis;
  bus: Bus;
  apiKeys: ApiKeyCache;
  serving: DeploymentServer;
  /** Sampled /predict requests and shadow answers, written off the request path. */
  predictionLog: PredictionLogger;
  /** /predict's per-key limit, shared with the web through Redis. */
  rateLimiter: RateLimiter;
  metrics: ServingMetrics;
  log: (message: string, fields?: LogFields) => void;
  close(): Promise<void>;
}

function createServingMetrics(): ServingMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'serving' });
  collectDefaultMetrics({ register: registry, prefix: 'overture_serving_' });
  const registers = [registry];
  const buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    ...createPredictMetrics(registry),
    httpRequests: new Counter({ name: 'overture_http_requests_total', help: 'HTTP requests answered, by route template, method and status', labelNames: ['route', 'method', 'status'], registers }),
    httpDuration: new Histogram({ name: 'overture_http_request_duration_seconds', help: 'Time to answer an HTTP request', labelNames: ['route', 'method', 'status'], buckets, registers }),
  };
}

export function createServingContext(env: ServingEnv, options: { replicaId?: string; log?: (m: string, fields?: LogFields) => void; logger?: ServiceLogger } = {}): ServingContext {
  const log = options.log ?? logFunction(options.logger ?? createServiceLogger({ service: 'serving' }));
  const dbHandle = createDb(env.DATABASE_URL, { max: 4, applicationName: 'overture-serving', onIdleError: (e) => log(`postgres connection lost (${e.message})`) });
  const redis = createRedis(env.REDIS_URL);
  redis.on('error', () => undefined); // ioredis reconnects; commands wait in its offline queue
  const metrics = createServingMetrics();
  const engine = new ServingEngine({ windowMs: 0, maxBatchRows: 4096, maxConcurrentRuns: env.SERVING_CONCURRENT_RUNS, threads: env.SERVING_THREADS });
  const apiKeys = new ApiKeyCache();
  // Eager: a deploy event loads the model here at once, so the first request does not wait for it.
  const serving = new DeploymentServer(engine, dbHandle.db, env.dataDir, log, metrics, {
    eager: true, probeLimits: { timeoutMs: env.OVERTURE_MODEL_LOAD_TIMEOUT_MS, memoryMb: env.OVERTURE_MODEL_LOAD_MEMORY_MB },
    // What this replica serves, for the web to wait on after a change (see awaitReplicas).
    report: async (name, state) => {
      if (options.replicaId) await reportServed(redis, env.OVERTURE_REDIS_PREFIX, options.replicaId, name, state);
    },
  });
  const bus = createBus(redis, env.OVERTURE_REDIS_PREFIX, (message) => {
    if (message.type === 'deployment') serving.refresh(message.name).catch(() => undefined); // refresh logged why
    if (message.type === 'api_key_revoked') apiKeys.forget(message.keyHash);
    if (message.type === 'user_changed') apiKeys.forgetUser(message.userId);
  }, log);
  const rateLimiter = new RateLimiter(redis, env.OVERTURE_REDIS_PREFIX, env.OVERTURE_PREDICT_RATE_LIMIT);
  const predictionLog = new PredictionLogger(dbHandle.db, { maxEntries: env.OVERTURE_PREDICTION_LOG_MAX_ENTRIES, maxAgeDays: env.OVERTURE_PREDICTION_LOG_RETENTION_DAYS }, log, metrics);
  return {
    env, db: dbHandle.db, dbHandle, redis, bus, apiKeys, serving, predictionLog, metrics, log,
    rateLimiter,
    async close() {
      bus.close();
      rateLimiter.close();
      await engine.close().catch(() => undefined);
      await predictionLog.flush().catch(() => undefined);
      redis.disconnect();
      await dbHandle.close().catch(() => undefined);
    },
  };
}
