import type { Redis } from 'ioredis';
import { readRunEvents, type RunEvent } from '@overture/jobs';

/** Resolves with the first event of the run matching `match` (reads the stream from its start). */
export async function waitForEvent(redis: Redis, prefix: string, runId: string, match: (e: RunEvent) => boolean, timeoutMs = 120_000): Promise<RunEvent> {
  const reader = redis.duplicate();
  const deadline = Date.now() + timeoutMs;
  try {
    for await (const item of readRunEvents(reader, { prefix, runId, blockMs: 500, stopAtEnd: false })) {
      if (item && match(item.event)) return item.event;
      if (Date.now() > deadline) break;
    }
    throw new Error(`no matching event of run ${runId} within ${timeoutMs} ms`);
  } finally {
    reader.disconnect();
  }
}
