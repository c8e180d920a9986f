import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { beatReplica, retireReplica } from '@overture/deployments';
import { createServingContext, type ServingContext } from './context.js';
import type { ServingEnv } from './env.js';
import { createServingListener, startServingServer, type ServingServer } from './server.js';

/** A serving replica running in this process: its own port, its Redis heartbeat, and its routes as a listener. */
export interface ServingReplicaProcess {
  /** `<hostname>:<pid>`, as the heartbeat and X-Overture-Replica name it. */
  id: string;
  ctx: ServingContext;
  server: ServingServer;
  /** The URL announced in Redis. */
  advertised: string;
  /** The serving routes for a server of this process's own (the front answers /predict through it). */
  answer: (req: IncomingMessage, res: ServerResponse) => void;
  /** True once the deployments active at start are loaded (and the replica is announced). */
  ready(): boolean;
  /** Resolves once it is announced. */
  announced: Promise<void>;
  /** Leaves the rotation, finishes the requests in flight on its port and closes its connections. */
  stop(): Promise<void>;
}

/**
 * Starts what makes a process a serving replica: the context (deployments, bus, key cache, rate
 * limiter), its HTTP server (liveness at once, readiness once the active deployments are loaded),
 * and a heartbeat in Redis begun once the models are in, so no front sends a request to a replica
 * still loading. The serving process is one; the front server is another (front-main.ts).
 */
export async function startServingReplica(env: ServingEnv): Promise<ServingReplicaProcess> {
  const id = `${hostname()}:${process.pid}`;
  const ctx = createServingContext(env, { replicaId: id });
  await ctx.bus.ready;
  // Listen first (liveness), load the active deployments behind readiness.
  const loaded = loadActive(ctx);
  const server = await startServingServer(ctx, { host: env.SERVING_HOST, port: env.SERVING_PORT, loaded, replicaId: id });
  const port = new URL(server.url).port;
  const advertised = env.SERVING_ADVERTISE_URL ?? `http://${env.SERVING_HOST === '0.0.0.0' || env.SERVING_HOST === '::' ? externalAddress() : env.SERVING_HOST}:${port}`;
  const replica = { id, url: advertised, startedAt: new Date().toISOString() };
  const beat = () => beatReplica(ctx.redis, env.OVERTURE_REDIS_PREFIX, replica).catch((error: Error) => ctx.log(`could not announce this replica in Redis: ${error.message}`, { level: 'warn' }));
  let timer: NodeJS.Timeout | null = null;
  let ready = false;
  let stopped = false;
  const announced = loaded.then(async () => {
    if (stopped) return;
    await beat();
    ready = true;
    timer = setInterval(beat, 1000);
  });
  return {
    id, ctx, server, advertised, announced,
    answer: createServingListener(ctx, { loaded, replicaId: id }),
    ready: () => ready,
    async stop() {
      stopped = true;
      ready = false;
      if (timer) clearInterval(timer);
      await retireReplica(ctx.redis, env.OVERTURE_REDIS_PREFIX, id).catch(() => undefined);
      await server.close();
      await ctx.close();
    },
  };
}

/**
 * Loads the active deployments; while the list cannot be read (Postgres down at start) it tries
 * again every 2 s rather than failing: the process stays up, unannounced and not ready, until it can.
 */
async function loadActive(ctx: ServingContext): Promise<void> {
  for (;;) {
    try {
      const { loaded, failed } = await ctx.serving.loadAll();
      ctx.log(`loaded ${loaded} deployment(s)${failed ? `; ${failed} failed to load (their requests answer 503; details above)` : ''}`);
      return;
    } catch (error) {
      ctx.log(`could not list the active deployments (${(error as Error).message}); trying again in 2 s`, { level: 'warn' });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

/** This host's first external IPv4 address (a container's address on its network), else its name. */
function externalAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return hostname();
}
