import type { Redis } from 'ioredis';
import { formatSse, readRunEvents, readStreamEvents, type ReadRunEventsOptions } from './events.js';
import { keys } from './keys.js';
import { ZStudyEvent } from './study-events.js';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/**
 * The body of `GET /api/runs/:id/events`: the run's events as SSE, a comment line as keep-alive
 * while idle, closed after the run's `end` event. `redis` must be a connection of its own; it
 * is disconnected when the stream ends or the client goes away.
 */
export function runEventsSseStream(redis: Redis, options: Omit<ReadRunEventsOptions, 'signal'>): ReadableStream<Uint8Array> {
  return sseStream(redis, (signal) => readRunEvents(redis, { blockMs: 15_000, ...options, signal }));
}

/** The body of `GET /api/studies/:id/events`: the study's events, as a run's (closed after `end`). */
export function studyEventsSseStream(redis: Redis, options: { prefix: string; studyId: string; lastEventId?: string | null }): ReadableStream<Uint8Array> {
  return sseStream(redis, (signal) => readStreamEvents(redis, { key: keys.studyEvents(options.prefix, options.studyId), schema: ZStudyEvent, lastEventId: options.lastEventId, blockMs: 15_000, signal }));
}

function sseStream(redis: Redis, follow: (signal: AbortSignal) => AsyncGenerator<{ id: string; event: unknown } | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const abort = new AbortController();
  const events = follow(abort.signal);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('retry: 2000\n\n'));
    },
    async pull(controller) {
      try {
        const next = await events.next();
        if (next.done) {
          controller.close();
          redis.disconnect();
          return;
        }
        controller.enqueue(encoder.encode(next.value ? formatSse(next.value) : ': keep-alive\n\n'));
      } catch (error) {
        redis.disconnect();
        controller.error(error);
      }
    },
    cancel() {
      abort.abort();
      redis.disconnect();
    },
  });
}
