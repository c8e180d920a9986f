import { percentile } from '../queue/percentiles.js';
import { load, type LoadResult } from './load.js';
import type { apiClient } from './platform.js';

export interface Swap {
  to: string;
  /** When the PUT started, from the start of the traffic, and how long it took. */
  at_s: number;
  put_ms: number;
  /** The first request after the PUT answered was the new run's answer (its predictions differ from the other run's). */
  new_version_answered: boolean;
}

export interface CanaryChange {
  /** The canary's share after the PATCH (0: the split removed). */
  percent: number;
  at_s: number;
  patch_ms: number;
  /** Versions (run ids) that answered 20 requests right after the PATCH: both at 50%, only the primary at 0. */
  answered_by: string[];
  as_expected: boolean;
}

interface Latencies { requests: number; p50_ms: number; p99_ms: number; max_ms: number }

export interface HotSwapResult {
  load: LoadResult;
  connections: number;
  statuses: Record<string, number>;
  error_messages: string[];
  swaps: Swap[];
  /** Canary changes after the swaps, in the same traffic: a 50% canary set, then removed, in turn. */
  canary_changes: CanaryChange[];
  /** A PUT or PATCH, or the requests right after it, that failed (must be none). */
  swap_failures: string[];
  /** Requests in flight while a PUT was, and all the others. */
  during_swaps: Latencies;
  outside_swaps: Latencies;
  runs_predict_differently: boolean;
}

function latencies(values: number[]): Latencies {
  const round = (v: number) => Math.round(v * 10) / 10;
  return { requests: values.length, p50_ms: round(percentile(values, 50)), p99_ms: round(percentile(values, 99)), max_ms: round(values.reduce((a, b) => Math.max(a, b), 0)) };
}

/**
 * Steady traffic on /predict/<name> for `seconds` while the deployment is PUT from run to run
 * `swaps` times, then its canary split is set to the other run at 50% and removed, `canaryChanges`
 * times in all (every change evenly spaced). Steady means closed-loop: each connection always has a
 * request in flight (autocannon's rate limit sends each second's quota in a burst, leaving idle gaps
 * a change could fall into). Every request must succeed; after each PUT the new run must answer, and
 * after each PATCH the versions the split names.
 */
export async function hotSwap(options: {
  call: ReturnType<typeof apiClient>; predictUrl: string; key: string; name: string; body: string; runs: [string, string];
  seconds: number; swaps: number; canaryChanges: number; connections: number;
}): Promise<HotSwapResult> {
  const { call, predictUrl, key, name, body, runs, seconds, swaps, canaryChanges } = options;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const predictOnce = async () => {
    const response = await fetch(predictUrl, { method: 'POST', headers, body });
    if (response.status !== 200) throw new Error(`/predict answered ${response.status}: ${await response.text()}`);
    return response.text();
  };
  const put = (runId: string) => call('PUT', `/api/deployments/${name}`, { runId });
  // What each run answers for the probe body (the deployment serves runs[0] when called).
  const expected = new Map<string, string>();
  await put(runs[1]);
  expected.set(runs[1], await predictOnce());
  await put(runs[0]);
  expected.set(runs[0], await predictOnce());
  const differ = expected.get(runs[0]) !== expected.get(runs[1]);

  const answers: [number, number, number][] = []; // ended at, status, latency ms
  const errors: string[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const traffic = load(predictUrl, body, options.connections, seconds, {
    headers: { authorization: headers.authorization },
    onResponse: (at, status, ms) => { answers.push([at, status, ms]); statuses[status] = (statuses[status] ?? 0) + 1; },
    onError: (at, error) => { errors.push(`${((at - started) / 1000).toFixed(2)} s: ${error.message}`); },
  });
  const done: Swap[] = [];
  const canaryDone: CanaryChange[] = [];
  const windows: [number, number][] = [];
  const swapFailures: string[] = [];
  const changes = swaps + canaryChanges;
  const dueAt = (i: number) => started + (seconds * 1000 * i) / (changes + 1);
  for (let i = 1; i <= swaps; i++) {
    const due = dueAt(i);
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const to = runs[i % 2];
    const t0 = performance.now();
    try {
      await put(to);
      const t1 = performance.now();
      windows.push([t0, t1]);
      const answer = await predictOnce();
      done.push({ to, at_s: Math.round((t0 - started) / 100) / 10, put_ms: Math.round(t1 - t0), new_version_answered: answer === expected.get(to) });
    } catch (error) { // recorded, not thrown: the traffic runs to its end either way
      swapFailures.push(`swap ${i} to ${to}: ${(error as Error).message}`);
    }
  }
  const primary = runs[swaps % 2];
  const other = runs[(swaps + 1) % 2];
  for (let j = 1; j <= canaryChanges; j++) {
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt(swaps + j) - performance.now())));
    const percent = j % 2 === 1 ? 50 : 0;
    const t0 = performance.now();
    try {
      await call('PATCH', `/api/deployments/${name}/traffic`, { canary: percent > 0 ? { runId: other, percent } : null });
      const t1 = performance.now();
      windows.push([t0, t1]);
      const answeredBy = new Set<string>();
      for (let k = 0; k < 20; k++) {
        const response = await fetch(predictUrl, { method: 'POST', headers, body });
        if (response.status !== 200) throw new Error(`/predict answered ${response.status}: ${await response.text()}`);
        answeredBy.add(response.headers.get('x-overture-version') ?? 'none');
        await response.arrayBuffer();
      }
      const expectedBy = percent > 0 ? [primary, other].sort() : [primary];
      const by = [...answeredBy].sort();
      canaryDone.push({ percent, at_s: Math.round((t0 - started) / 100) / 10, patch_ms: Math.round(t1 - t0), answered_by: by, as_expected: JSON.stringify(by) === JSON.stringify(expectedBy) });
    } catch (error) {
      swapFailures.push(`canary change ${j} to ${percent}%: ${(error as Error).message}`);
    }
  }
  const result = await traffic;
  const during: number[] = [];
  const outside: number[] = [];
  for (const [end, , ms] of answers) {
    const begin = end - ms;
    (windows.some(([a, b]) => begin < b && end > a) ? during : outside).push(ms);
  }
  return {
    load: result, connections: options.connections, statuses, error_messages: errors.slice(0, 20), swaps: done, canary_changes: canaryDone, swap_failures: swapFailures,
    during_swaps: latencies(during), outside_swaps: latencies(outside), runs_predict_differently: differ,
  };
}
