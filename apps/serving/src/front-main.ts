// The front server on the public port (`npm start` runs it): /predict to the serving replicas,
// everything else to the web app (Next on an internal port).
import { createRedis, createServiceLogger, logFunction } from '@overture/jobs';
import { loadFrontEnv, type FrontEnv } from './env.js';
import { startFrontServer } from './front.js';

let env: FrontEnv;
try {
  env = loadFrontEnv(process.env); // the one place this process reads process.env (STYLE 5)
} catch (error) {
  console.error(`front failed to start: ${(error as Error).message}`);
  process.exit(1);
}
const log = logFunction(createServiceLogger({ service: 'front' }));
const redis = createRedis(env.REDIS_URL);
redis.on('error', () => undefined);
const front = await startFrontServer({ host: env.HOST, port: env.PORT, webUrl: env.OVERTURE_WEB_URL, redis, redisPrefix: env.OVERTURE_REDIS_PREFIX, trustProxy: env.OVERTURE_TRUST_PROXY, log,
  bodyLimits: { web: env.OVERTURE_MAX_UPLOAD_BYTES, predict: env.OVERTURE_MAX_PREDICT_BYTES } });
log(`front listening at ${front.url}: /predict to the serving replicas (${front.replicas().length} live), the rest to ${env.OVERTURE_WEB_URL}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    front.close().finally(() => { redis.disconnect(); process.exit(0); });
  });
}
