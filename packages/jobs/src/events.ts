import { z } from 'zod';
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/**
 * A live event of a run, flat like Ludwig Studio's callback events: one metric value per
 * `metric` event (split, feature = output name or `combined`, metric, value). `ts` is when the
 * trainer produced it (ms since epoch), for latency measurements.
 */
export const runEventTypes = ['status', 'start', 'step', 'metric', 'checkpoint', 'log', 'end'] as const;
export type RunEventType = (typeof runEventTypes)[number];

export const ZRunEvent = z.object({
  type: z.enum(runEventTypes),
  runId: z.string(),
  ts: z.number(),
  attempt: z.number().int().optional(),
  epoch: z.number().int().optional(),
  step: z.number().int().optional(),
  totalSteps: z.number().int().optional(),
  split: z.string().optional(),
  feature: z.string().optional(),
  metric: z.string().optional(),
  /** null for a non-finite value (JSON has no NaN). */
  value: z.number().nullable().optional(),
  progressPct: z.number().optional(),
  etaSeconds: z.number().nullable().optional(),
  /** `status`/`end`: the run's status; `log`: level and message. */
  status: z.string().optional(),
  workerId: z.string().optional(),
  level: z.string().optional(),
  message: z.string().optional(),
});
export type RunEvent = z.infer<typeof ZRunEvent>;

/** An event with its Redis Stream id, which is also its SSE id (`Last-Event-ID`). */
export interface RunEventEnvelope {
  id: string;
  event: RunEvent;
}

export interface PublishOptions {
  /** Approximate cap of each run's stream (XADD MAXLEN ~). */
  maxLen?: number;
  /** Seconds a finished run's stream is kept (set when an `end` event is published). */
  ttlAfterEndSeconds?: number;
}

/** XADDs events of one run in one round trip; returns their stream ids. */
export async function publishRunEvents(redis: Redis, prefix: string, runId: string, events: readonly RunEvent[], options: PublishOptions = {}): Promise<string[]> {
  if (events.length === 0) return [];
  const key = keys.runEvents(prefix, runId);
  const pipeline = redis.pipeline();
  for (const event of events) pipeline.xadd(key, 'MAXLEN', '~', String(options.maxLen ?? 20_000), '*', 'e', JSON.stringify(event));
  if (events.some((e) => e.type === 'end')) pipeline.expire(key, options.ttlAfterEndSeconds ?? 7 * 24 * 3600);
  const results = (await pipeline.exec()) ?? [];
  const ids: string[] = [];
  for (const [error, id] of results) {
    if (error) throw error;
    if (typeof id === 'string') ids.push(id);
  }
  return ids;
}

export interface ReadRunEventsOptions {
  prefix: string;
  runId: string;
  /** Stream id of the last event the client has (SSE `Last-Event-ID`); from the beginning when absent. */
  lastEventId?: string | null;
  /** How long one XREAD blocks; the iterator yields `null` (a keep-alive tick) when nothing came. */
  blockMs?: number;
  signal?: AbortSignal;
  /** Stop after the run's `end` event (default true). */
  stopAtEnd?: boolean;
}

const STREAM_ID = /^\d+-\d+$/;

/**
 * Follows a run's stream from `lastEventId`. Needs a connection of its own (XREAD BLOCK holds
 * it). Yields envelopes in order, and `null` whenever `blockMs` passed without events.
 */
export function readRunEvents(redis: Redis, options: ReadRunEventsOptions): AsyncGenerator<RunEventEnvelope | null> {
  return readStreamEvents(redis, { ...options, key: keys.runEvents(options.prefix, options.runId), schema: ZRunEvent });
}

export interface ReadStreamEventsOptions<T extends { type: string }> extends Omit<ReadRunEventsOptions, 'prefix' | 'runId'> {
  key: string;
  schema: z.ZodType<T>;
}

/** Follows any of our event streams (a run's, a study's): entries that do not parse are skipped. */
export async function* readStreamEvents<T extends { type: string }>(redis: Redis, options: ReadStreamEventsOptions<T>): AsyncGenerator<{ id: string; event: T } | null> {
  const { key } = options;
  let cursor = options.lastEventId && STREAM_ID.test(options.lastEventId) ? options.lastEventId : '0-0';
  const blockMs = options.blockMs ?? 10_000;
  while (!options.signal?.aborted) {
    const reply = await redis.xread('COUNT', 1000, 'BLOCK', blockMs, 'STREAMS', key, cursor);
    if (!reply || reply.length === 0) {
      yield null;
      continue;
    }
    for (const [, entries] of reply) {
      for (const [id, fields] of entries) {
        cursor = id;
        const raw = fields[fields.indexOf('e') + 1];
        const parsed = options.schema.safeParse(raw ? JSON.parse(raw) : null);
        if (!parsed.success) continue;
        yield { id, event: parsed.data };
        if (parsed.data.type === 'end' && options.stopAtEnd !== false) return;
      }
    }
  }
}

/** One Server-Sent Event; `id` lets a reconnecting browser resume with Last-Event-ID. */
export function formatSse(envelope: { id: string; event: unknown }): string {
  return `id: ${envelope.id}\ndata: ${JSON.stringify(envelope.event)}\n\n`;
}
