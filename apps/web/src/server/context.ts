import { createDb, type Database, type DbHandle } from '@overture/db';
import { createQueues, createRedis, createServiceLogger, logFunction, type LogFields, type Queues, type ServiceLogger } from '@overture/jobs';
import { ApiKeyCache, awaitReplicas, createBus, DeploymentServer, PredictionLogger, RateLimiter, type Bus } from '@overture/deployments';
import { ServingEngine } from '@overture/serving';
import type { Redis } from 'ioredis';
import { loadWebEnv, type WebEnv } from './env';
import { defaultThrottleLimits, LoginThrottle } from './auth/login-throttle';
import { StreamSlots } from './http/stream-slots';
import { webMetrics } from './observability/metrics';
import { requestLogFields } from './observability/request-scope';
import { bootstrapAdmin } from './services/accounts';

/** Everything a request handler needs: settings and the process's connections. */
export interface AppContext {
  env: WebEnv;
  db: Database;
  dbHandle: DbHandle;
  /** Non-blocking commands; SSE streams duplicate it (XREAD BLOCK holds a connection). */
  redis: Redis;
  queues: Queues;
  bus: Bus;
  apiKeys: ApiKeyCache;
  serving: DeploymentServer;
  /** Sampled /predict requests and shadow answers, written off the request path. */
  predictionLog: PredictionLogger;
  /** /predict's per-key limit, shared with the serving replicas through Redis. */
  rateLimiter: RateLimiter;
  /** Brute-force protection of sign-in, setup and invitation links (Redis, shared by every web process). */
  throttle: LoginThrottle;
  /** Open live-event streams of this process (each holds a Redis connection). */
  streams: StreamSlots;
  /** Tests check every response against its endpoint's schema. */
  validateResponses: boolean;
  /** Structured log (JSON lines; the current request id is added to each; `fields.level` sets the level). */
  log: (message: string, fields?: LogFields) => void;
  /** Resolves once start-up work (the env admin) is done. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function createAppContext(env: WebEnv, options: { validateResponses?: boolean; log?: (m: string, fields?: LogFields) => void; logger?: ServiceLogger } = {}): AppContext {
  const logger = options.logger ?? createServiceLogger({ service: 'web', mixin: requestLogFields });
  const log = options.log ?? logFunction(logger);
  const dbHandle = createDb(env.DATABASE_URL, { max: 10, applicationName: 'overture-web', onIdleError: (e) => log(`postgres connection lost (${e.message})`) });
  const redis = createRedis(env.REDIS_URL);
  redis.on('error', () => undefined); // ioredis reconnects; commands wait in its offline queue
  const queues = createQueues(redis, env.OVERTURE_REDIS_PREFIX, (e) => log(`queue: ${e.message}`));
  const engine = new ServingEngine({ windowMs: 0, maxBatchRows: 4096, maxConcurrentRuns: 2, threads: 1 });
  const apiKeys = new ApiKeyCache();
  const serving = new DeploymentServer(engine, dbHandle.db, env.dataDir, log, webMetrics(), {
    probeLimits: { timeoutMs: env.OVERTURE_MODEL_LOAD_TIMEOUT_MS, memoryMb: env.OVERTURE_MODEL_LOAD_MEMORY_MB },
    // A deploy, hot swap or undeploy returns once every serving replica follows it.
    settle: async (name, signature) => {
      const behind = await awaitReplicas(redis, env.OVERTURE_REDIS_PREFIX, name, signature, env.OVERTURE_MODEL_LOAD_TIMEOUT_MS).catch(() => []);
      if (behind.length > 0) log(`deployment ${name}: serving replica(s) ${behind.join(', ')} did not follow within ${env.OVERTURE_MODEL_LOAD_TIMEOUT_MS} ms`, { level: 'warn' });
    },
  });
  const bus = createBus(redis, env.OVERTURE_REDIS_PREFIX, (message) => {
    if (message.type === 'deployment') serving.refresh(message.name).catch((e: Error) => log(`reloading deployment ${message.name}: ${e.message}`));
    if (message.type === 'api_key_revoked') apiKeys.forget(message.keyHash);
    if (message.type === 'user_changed') apiKeys.forgetUser(message.userId);
  }, log);
  serving.setBus(bus);
  const rateLimiter = new RateLimiter(redis, env.OVERTURE_REDIS_PREFIX, env.OVERTURE_PREDICT_RATE_LIMIT);
  const predictionLog = new PredictionLogger(dbHandle.db, { maxEntries: env.OVERTURE_PREDICTION_LOG_MAX_ENTRIES, maxAgeDays: env.OVERTURE_PREDICTION_LOG_RETENTION_DAYS }, log, webMetrics());
  const throttle = new LoginThrottle(redis, env.OVERTURE_REDIS_PREFIX, {
    ...defaultThrottleLimits, accountFailures: env.OVERTURE_LOGIN_ACCOUNT_FAILURES, ipFailures: env.OVERTURE_LOGIN_IP_FAILURES,
  });
  const streams = new StreamSlots({ perCaller: env.OVERTURE_SSE_PER_USER, total: env.OVERTURE_SSE_TOTAL });
  const ready = bootstrapAdmin(dbHandle.db, env, log).catch((error: Error) => log(`could not create the admin from OVERTURE_ADMIN_EMAIL: ${error.message}`));
  return {
    env, db: dbHandle.db, dbHandle, redis, queues, bus, apiKeys, serving, predictionLog, throttle, streams, log, ready,
    rateLimiter,
    validateResponses: options.validateResponses ?? false,
    async close() {
      bus.close();
      rateLimiter.close();
      await engine.close().catch(() => undefined);
      await predictionLog.flush().catch(() => undefined);
      await queues.close().catch(() => undefined);
      redis.disconnect();
      await dbHandle.close().catch(() => undefined);
    },
  };
}

// One context per process, kept on globalThis so `next dev` reloads do not open new pools.
const holder = globalThis as typeof globalThis & { __overtureContext?: AppContext };

export function getContext(): AppContext {
  if (!holder.__overtureContext) {
    // The one place the web app reads process.env (STYLE 5).
    holder.__overtureContext = createAppContext(loadWebEnv(process.env));
  }
  return holder.__overtureContext;
}

/** Tests install a context of their own (a database and a Redis prefix per file). */
export function setContext(context: AppContext | undefined): void {
  holder.__overtureContext = context;
}
