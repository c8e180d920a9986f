import type { Redis } from 'ioredis';
import { keys } from './keys.js';

export interface WorkerInfo {
  /** `<hostname>:<pid>` */
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: string;
  queues: string[];
  concurrency: number;
  /** Job ids (run ids for trainings) being processed now. */
  activeJobs: string[];
  /** The forced backend name (OVERTURE_BACKEND), when one is set. */
  backend?: string;
  /** What trains here: older workers' beats lack it. */
  engine?: WorkerEngine;
  beatAt?: string;
}

/** The tensor backend a worker trains with, and the parallelism it has. */
export interface WorkerEngine {
  /** 'wasm' (SIMD kernels), 'cpu' (plain JS), 'node' (tfjs-node) or 'gpu' (tfjs-node-gpu). */
  kind: 'wasm' | 'cpu' | 'node' | 'gpu';
  /** wasm SIMD-128 and fused multiply-add (relaxed SIMD); false off wasm. */
  simd: boolean;
  fma: boolean;
  /** Trainings this worker runs at once, each on a thread of its own. */
  trainingThreads: number;
  /** CPU cores the process may use (os.availableParallelism). */
  cores: number;
}

/** Writes the worker's liveness key (expires after `ttlSeconds` without a beat). */
export async function beatWorker(redis: Redis, prefix: string, info: WorkerInfo, ttlSeconds = 15): Promise<void> {
  await redis.multi()
    .set(keys.worker(prefix, info.workerId), JSON.stringify({ ...info, beatAt: new Date().toISOString() }), 'EX', ttlSeconds)
    .sadd(keys.workers(prefix), info.workerId)
    .exec();
}

/** Removes the worker's key at a clean shutdown. */
export async function retireWorker(redis: Redis, prefix: string, workerId: string): Promise<void> {
  await redis.multi().del(keys.worker(prefix, workerId)).srem(keys.workers(prefix), workerId).exec();
}

/** Workers whose heartbeat has not expired, by id; forgets the dead ones. */
export async function listLiveWorkers(redis: Redis, prefix: string): Promise<WorkerInfo[]> {
  const ids = await redis.smembers(keys.workers(prefix));
  if (ids.length === 0) return [];
  const values = await redis.mget(ids.map((id) => keys.worker(prefix, id)));
  const dead = ids.filter((_, i) => values[i] === null);
  if (dead.length > 0) await redis.srem(keys.workers(prefix), ...dead);
  return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as WorkerInfo).sort((a, b) => a.workerId.localeCompare(b.workerId));
}
