import path from 'node:path';
import { z } from 'zod';
import { envBoolean, envInt, parseEnvironment, serviceEnvFields } from '@overture/config';
import { predictEnvFields, uploadEnvFields } from '@overture/deployments';

/** The serving process's environment, parsed once at start-up; /predict's limits are the web's own fields. */
export const ZServingEnv = z.object({
  ...serviceEnvFields,
  ...predictEnvFields,
  /** Where this replica listens: loopback and a free port by default (the front server finds it through Redis). */
  SERVING_HOST: z.string().min(1).default('127.0.0.1'),
  SERVING_PORT: envInt(0, 65535, 0),
  /** The base URL the front server reaches this replica at (default: http://<SERVING_HOST or this host's name>:<port>). */
  SERVING_ADVERTISE_URL: z.url().optional(),
  /** Prediction runs of one deployment at once in this process (onnxruntime sessions are thread-safe). */
  SERVING_CONCURRENT_RUNS: envInt(1, 64, 2),
  /** onnxruntime intra-op threads per session. */
  SERVING_THREADS: envInt(1, 64, 1),
});
export type ServingEnv = z.infer<typeof ZServingEnv> & { dataDir: string };

export function loadServingEnv(env: Record<string, string | undefined>): ServingEnv {
  const parsed = parseEnvironment(ZServingEnv, env, 'serving');
  return { ...parsed, dataDir: path.resolve(parsed.DATA_DIR) };
}

/**
 * The front server (the public port): where Next listens, and its own address. It is a serving
 * replica too (it answers /predict itself), so it takes every serving setting; its replica port
 * (SERVING_PORT: /metrics, /ready and other fronts' relays) stays on loopback unless told otherwise.
 */
export const ZFrontEnv = ZServingEnv.extend({
  PORT: envInt(1, 65535, 3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The web app (Next) behind the front: everything but /predict goes there. */
  OVERTURE_WEB_URL: z.url().default('http://127.0.0.1:3001'),
  /** Behind another proxy: pass its X-Forwarded-For on (else the front writes the client's socket address). */
  OVERTURE_TRUST_PROXY: envBoolean,
  /** The upstreams' body limits, so a body declared larger is answered 413 here (see uploadEnvFields). */
  ...uploadEnvFields,
  /**
   * Relay /predict to separate serving replicas instead of answering it here. `npm start` sets it
   * after the front died twice in a row soon after starting: should a deployed model bring the
   * process down, the public port (and the web behind it) stays up and only serving restarts.
   */
  OVERTURE_FRONT_RELAY_ONLY: envBoolean,
});
export type FrontEnv = z.infer<typeof ZFrontEnv> & { dataDir: string };

export function loadFrontEnv(env: Record<string, string | undefined>): FrontEnv {
  const parsed = parseEnvironment(ZFrontEnv, env, 'front');
  return { ...parsed, dataDir: path.resolve(parsed.DATA_DIR) };
}
