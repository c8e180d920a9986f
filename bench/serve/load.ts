import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

interface AutocannonResult {
  latency: { p50: number; p99: number; mean: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

type Autocannon = (options: Record<string, unknown>) => EventEmitter & PromiseLike<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadResult {
  connections: number;
  duration_s: number;
  requests: number;
  requests_per_s: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  errors: number;
}

export interface LoadOptions {
  /** Extra request headers (e.g. the platform's `authorization`). */
  headers?: Record<string, string>;
  /** GET instead of POST (then `body` is ignored). */
  method?: 'GET' | 'POST';
  /** Every answer as it arrives: when it ended (performance.now()), its status, its latency in ms. */
  onResponse?: (endedAt: number, status: number, latencyMs: number) => void;
  /** Every failed request (connection error or timeout): when, and why. */
  onError?: (at: number, error: Error) => void;
}

/** Loads `url` with POSTs of `body` from `connections` keep-alive connections for `seconds` (loopback, bounded). */
export async function load(url: string, body: string, connections: number, seconds: number, options: LoadOptions = {}): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) throw new Error(`refusing to load a non-loopback address: ${url}`);
  const instance = autocannon({
    url, method: options.method ?? 'POST', connections, duration: seconds, ...(options.method === 'GET' ? {} : { body }),
    headers: { 'content-type': 'application/json', ...options.headers }, timeout: 30,
  });
  const { onResponse, onError } = options;
  if (onResponse) instance.on('response', (_client: unknown, status: number, _bytes: number, latencyMs: number) => onResponse(performance.now(), status, latencyMs));
  if (onError) instance.on('reqError', (error: Error) => onError(performance.now(), error));
  const r = await instance;
  return {
    connections,
    duration_s: seconds,
    requests: r.requests.total,
    requests_per_s: Math.round(r.requests.total / r.duration),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    non_2xx: r.non2xx,
    errors: r.errors, // timeouts included
  };
}
