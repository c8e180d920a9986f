import type { Redis } from 'ioredis';
import { ApiError } from './errors.js';

/** How stale this process's view of a caller's count in Redis may be before a request waits for Redis. */
const SYNC_MS = 50;

interface Window {
  /** The minute (epoch minutes) this count is of. */
  minute: number;
  /** The count in Redis when last read (every process's requests, this one's included). */
  known: number;
  /** This process's requests admitted since, not yet added in Redis. */
  pending: number;
  syncedAt: number;
  timer: NodeJS.Timeout | null;
}

/**
 * A fixed one-minute window per caller, shared by every web and serving process through Redis, at
 * the cost of one Redis round trip per caller every 50 ms rather than one per request: a request
 * whose view of the count is older than that adds itself (and the requests admitted meanwhile) to
 * Redis and waits for the total; the others are decided on that total plus this process's own
 * requests since, and are added in Redis within 50 ms. Each process can so admit at most 50 ms of
 * another's traffic past the limit. Over the limit is a 429 with Retry-After.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly perMinute: number) {}

  async check(caller: string): Promise<void> {
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    let window = this.windows.get(caller);
    if (!window || window.minute !== minute) {
      if (window?.timer) clearTimeout(window.timer);
      if (this.windows.size >= 10_000) this.forgetOldWindows(minute);
      window = { minute, known: 0, pending: 0, syncedAt: 0, timer: null };
      this.windows.set(caller, window);
    }
    if (now - window.syncedAt > SYNC_MS) {
      window.syncedAt = now;
      const count = await this.add(caller, window, 1);
      if (count > this.perMinute) throw this.limited();
      return;
    }
    if (window.known + window.pending + 1 > this.perMinute) throw this.limited();
    window.pending += 1;
    if (!window.timer) {
      const admitted = window;
      admitted.timer = setTimeout(() => {
        admitted.timer = null;
        admitted.syncedAt = Date.now();
        this.add(caller, admitted, 0).catch(() => undefined); // the next request that waits for Redis retries
      }, SYNC_MS);
      admitted.timer.unref?.();
    }
  }

  /** Adds `extra` plus the window's pending requests in Redis; resolves with (and remembers) the total. */
  private async add(caller: string, window: Window, extra: number): Promise<number> {
    const amount = window.pending + extra;
    window.pending = 0;
    const key = `${this.prefix}:ratelimit:predict:${caller}:${window.minute}`;
    try {
      const [[, count]] = (await this.redis.multi().incrby(key, amount).expire(key, 120).exec()) as [[null, number], [null, number]];
      window.known = count;
      return count;
    } catch (error) {
      window.pending += amount - extra;
      throw error;
    }
  }

  private limited(): ApiError {
    const retryAfter = String(60 - Math.floor((Date.now() / 1000) % 60));
    return new ApiError('rate_limited', `more than ${this.perMinute} prediction requests this minute for this API key; retry in ${retryAfter} s.`, [], { 'retry-after': retryAfter });
  }

  /** Stops the pending flushes (the process is closing its Redis connection: a flush then would fail unheard). */
  close(): void {
    for (const window of this.windows.values()) {
      if (window.timer) clearTimeout(window.timer);
      window.timer = null;
    }
    this.windows.clear();
  }

  private forgetOldWindows(minute: number): void {
    for (const [caller, window] of this.windows) if (window.minute !== minute && !window.timer) this.windows.delete(caller);
  }
}
