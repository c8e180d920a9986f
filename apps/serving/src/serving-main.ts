// The serving process: answers /predict for every active deployment, follows deploys, hot swaps
// and undeploys through the bus, and announces itself to the front server with a Redis heartbeat.
// `npm run start:serving` starts one more replica; SIGTERM finishes the requests in flight.
import { hostname, networkInterfaces } from 'node:os';
import { beatReplica, retireReplica } from '@overture/deployments';
import { createServingContext } from './context.js';
import { loadServingEnv, type ServingEnv } from './env.js';
import { startServingServer } from './server.js';

let env: ServingEnv;
try {
  env = loadServingEnv(process.env); // the one place this process reads process.env (STYLE 5)
} catch (error) {
  console.error(`serving failed to start: ${(error as Error).message}`);
  process.exit(1);
}
const id = `${hostname()}:${process.pid}`;
const ctx = createServingContext(env, { replicaId: id });
await ctx.bus.ready;
// Listen first (liveness), load the active deployments behind readiness.
const loaded = ctx.serving.loadAll().then(({ loaded: n, failed }) => ctx.log(`loaded ${n} deployment(s)${failed ? `; ${failed} failed to load (their requests answer 503; details above)` : ''}`));
const server = await startServingServer(ctx, { host: env.SERVING_HOST, port: env.SERVING_PORT, loaded, replicaId: id });
const port = new URL(server.url).port;
const advertised = env.SERVING_ADVERTISE_URL ?? `http://${env.SERVING_HOST === '0.0.0.0' || env.SERVING_HOST === '::' ? externalAddress() : env.SERVING_HOST}:${port}`;
const replica = { id, url: advertised, startedAt: new Date().toISOString() };
const beat = () => beatReplica(ctx.redis, env.OVERTURE_REDIS_PREFIX, replica).catch((error: Error) => ctx.log(`could not announce this replica in Redis: ${error.message}`, { level: 'warn' }));
// Announced once the models are in: the front sends no request to a replica still loading.
await loaded;
await beat();
const timer = setInterval(beat, 1000);
ctx.log(`serving /predict at ${server.url} (announced as ${advertised})`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  ctx.log(`${signal}: finishing the requests in flight`);
  clearInterval(timer);
  await retireReplica(ctx.redis, env.OVERTURE_REDIS_PREFIX, replica.id).catch(() => undefined);
  await server.close();
  await ctx.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));

/** This host's first external IPv4 address (a container's address on its network), else its name. */
function externalAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return hostname();
}
