import { createRequire } from 'node:module';

interface AutocannonResult {
  latency: { p50: number; p99: number; mean: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

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

/** Loads `url` with POSTs of `body` from `connections` keep-alive connections for `seconds` (loopback, bounded). */
export async function load(url: string, body: string, connections: number, seconds: number): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) throw new Error(`refusing to load a non-loopback address: ${url}`);
  const r = await autocannon({
    url, method: 'POST', connections, duration: seconds, body,
    headers: { 'content-type': 'application/json' }, timeout: 30,
  });
  return {
    connections,
    duration_s: seconds,
    requests: r.requests.total,
    requests_per_s: Math.round(r.requests.total / r.duration),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    non_2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}
