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
  await redis.multi().del(replicaKey(prefix, id)).srem(replicasKey(prefix), id).exec();
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
