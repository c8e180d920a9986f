// The front server on the public port (`npm start` runs it): a serving replica itself, answering
// /predict in this process once its deployments are loaded (taking turns with any other replica),
// and relaying everything else to the web app (Next on an internal port).
import { createRedis, createServiceLogger, logFunction } from '@overture/jobs';
import { loadFrontEnv, type FrontEnv } from './env.js';
import { startFrontServer } from './front.js';
import { startServingReplica } from './replica.js';

let env: FrontEnv;
try {
  env = loadFrontEnv(process.env); // the one place this process reads process.env (STYLE 5)
} catch (error) {
  console.error(`front failed to start: ${(error as Error).message}`);
  process.exit(1);
}
const log = logFunction(createServiceLogger({ service: 'front' }));
const bodyLimits = { web: env.OVERTURE_MAX_UPLOAD_BYTES, predict: env.OVERTURE_MAX_PREDICT_BYTES };
let front: Awaited<ReturnType<typeof startFrontServer>>;
let stopLocal: () => Promise<void>;
if (env.OVERTURE_FRONT_RELAY_ONLY) {
  // A relay only: /predict to the serving replicas (the web when none is up), no model in this process.
  const redis = createRedis(env.REDIS_URL);
  redis.on('error', () => undefined);
  front = await startFrontServer({ host: env.HOST, port: env.PORT, webUrl: env.OVERTURE_WEB_URL, redis, redisPrefix: env.OVERTURE_REDIS_PREFIX, trustProxy: env.OVERTURE_TRUST_PROXY, log, bodyLimits });
  stopLocal = async () => { redis.disconnect(); };
  log(`front listening at ${front.url} as a relay only: /predict to the serving replicas (${front.replicas().length} live), the rest to ${env.OVERTURE_WEB_URL}`);
} else {
  const replica = await startServingReplica(env);
  front = await startFrontServer({ host: env.HOST, port: env.PORT, webUrl: env.OVERTURE_WEB_URL, redis: replica.ctx.redis, redisPrefix: env.OVERTURE_REDIS_PREFIX, trustProxy: env.OVERTURE_TRUST_PROXY, log,
    bodyLimits, local: replica });
  stopLocal = () => replica.stop();
  log(`front listening at ${front.url}: /predict answered here once the deployments are loaded (replica ${replica.id}, also at ${replica.server.url}) and by any other replica in turn, the rest relayed to ${env.OVERTURE_WEB_URL}`);
  replica.announced.then(() => log(`front: deployments loaded; answering /predict in this process`), () => undefined);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // The public port first (its requests in flight finish), then the replica's own port and connections.
    front.close().then(() => stopLocal()).finally(() => process.exit(0));
  });
}
