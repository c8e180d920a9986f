import type { Redis } from 'ioredis';

/**
 * Serving replicas announce where they listen with a Redis heartbeat (as workers do); the front
 * server sends /predict to the live ones. A replica that stops beating drops out within `ttlSeconds`;
 * one that exits cleanly removes itself at once.
 */
export interface ServingReplica {
  /** `<hostname>:<pid>` */
  id: string;
  /** Base URL the front reaches it at, e.g. http://127.0.0.1:41234. */
  url: string;
  startedAt: string;
}

const replicaKey = (prefix: string, id: string) => `${prefix}:serving:replica:${id}`;
const replicasKey = (prefix: string) => `${prefix}:serving:replicas`;

export async function beatReplica(redis: Redis, prefix: string, replica: ServingReplica, ttlSeconds = 3): Promise<void> {
  await redis.multi().set(replicaKey(prefix, replica.id), JSON.stringify(replica), 'EX', ttlSeconds).sadd(replicasKey(prefix), replica.id).exec();
}

export async function retireReplica(redis: Redis, prefix: string, id: string): Promise<void> {
  await redis.multi().del(replicaKey(prefix, id)).srem(replicasKey(prefix), id).del(servedKey(prefix, id)).exec();
}

/** Deployment name → what a replica serves for it: a run id, or `failed:<run id>` when that run's bundle did not load. */
const servedKey = (prefix: string, id: string) => `${prefix}:serving:served:${id}`;

/** Records what replica `id` serves for `name` now (null: nothing). */
export async function reportServed(redis: Redis, prefix: string, id: string, name: string, state: string | null): Promise<void> {
  const key = servedKey(prefix, id);
  if (state === null) await redis.hdel(key, name);
  else await redis.multi().hset(key, name, state).expire(key, 7 * 24 * 3600).exec();
}

/**
 * Waits until every live replica serves `runId` for `name` (or tried and failed to load it), or
 * serves nothing for it when `runId` is null; gives up after `timeoutMs`. Resolves with the
 * replicas still behind (empty when all followed).
 */
export async function awaitReplicas(redis: Redis, prefix: string, name: string, runId: string | null, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const replicas = await listReplicas(redis, prefix);
    const states = await Promise.all(replicas.map((r) => redis.hget(servedKey(prefix, r.id), name)));
    const behind = replicas.filter((_, i) => (runId === null ? states[i] !== null : states[i] !== runId && states[i] !== `failed:${runId}`)).map((r) => r.id);
    if (behind.length === 0 || Date.now() > deadline) return behind;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Replicas whose heartbeat is current, by id; forgets the dead ones. */
export async function listReplicas(redis: Redis, prefix: string): Promise<ServingReplica[]> {
  const ids = await redis.smembers(replicasKey(prefix));
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => replicaKey(prefix, id)));
  const dead = ids.filter((_, i) => values[i] === null);
  if (dead.length > 0) await redis.srem(replicasKey(prefix), ...dead);
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as ServingReplica).sort((a, b) => a.id.localeCompare(b.id));
}
