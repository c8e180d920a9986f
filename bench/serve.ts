/**
 * Benchmark: `overture serve` under load, on a tabular multi-task model trained from
 * ../shared/datasets/tickets.csv (without its text column): intent, priority (depending on
 * intent) and resolution_hours from channel, tenure, amount, premium and created_at.
 *
 * autocannon (in this process, loopback only) against the built CLI's `overture serve` child:
 * single-row POST /predict at 1 and 32 connections, and 1,000-row requests at 4 connections.
 * References in the same run, in this process: the same model with tfjs (the training stack)
 * and with onnxruntime through ServingModel (no HTTP). Targets on 2 cores, load generator
 * included: p99 < 10 ms at 32 connections, ≥ 2,000 single-row requests/s, ≥ 100,000 rows/s in
 * batches.
 *
 * The platform column: the platform as `npm start` runs it (front server on the public port,
 * built web app and one worker, fresh database and DATA_DIR, rate limit
 * lifted) gets the same CSV and config through its API (upload, model, two runs: seeds 42 and 43),
 * deploys the first, and takes the same three loads on POST /predict/<deployment> with an API key:
 * the difference to `overture serve` is auth, the rate limit, metrics and the front's routing (it
 * answers /predict itself). Then the routing comparison (bench/serve/routing.ts): the front against
 * Next in the path, the front alone against the front with a second replica. Then the hot swap: `--swap-seconds` (30) of steady single-row traffic (`--swap-connections`, 8, each always with a request in flight)
 * while the deployment is PUT from run to run `--swaps` (6) times, then its canary split set to the
 * other run at 50% and removed `--canary-changes` (4) times in all: zero failed requests.
 *
 *   npm run bench -- serve [--seconds N] [--no-platform] [--swap-seconds N] [--swap-connections N] [--swaps N] [--canary-changes N] [--keep]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from './lib/cli.js';
import { repoRoot } from './lib/paths.js';
import { writeResults } from './lib/results.js';
import { formatTable } from './lib/table.js';
import { load, type LoadResult } from './serve/load.js';
import { measureOrt, measureTfjs, type InProcessResult } from './serve/in-process.js';
import { config, trainBenchModel } from './serve/model.js';
import { hotSwap, type HotSwapResult } from './serve/hot-swap.js';
import { apiClient, createApiKey, startBenchPlatform, trainOnPlatform } from './serve/platform.js';
import { measureRouting, type RoutingResult } from './serve/routing.js';
import { createTestRedis } from '@overture/testing';
import type { Platform } from '../e2e/support/platform.js';

const targets = { p99_ms_at_32: 10, single_row_requests_per_s: 2000, batch_rows_per_s: 100_000, hot_swap_failed_requests: 0 };
const cases = [['single row, 1 connection', 1, 1], ['single row, 32 connections', 1, 32], ['1,000 rows, 4 connections', 1000, 4]] as const;
type Runs = Record<(typeof cases)[number][0], LoadResult>;

/** The three loads on one /predict URL, after a short warm-up. */
async function loadCases(label: string, url: string, bodies: { 1: string; 1000: string }, seconds: number, headers?: Record<string, string>): Promise<Runs> {
  await load(url, bodies[1], 4, 2, { headers }); // warm-up
  const runs = {} as Runs;
  for (const [name, rows, connections] of cases) {
    process.stderr.write(`${label}: ${name}, ${seconds} s…\n`);
    runs[name] = await load(url, bodies[rows], connections, seconds, { headers });
  }
  return runs;
}

function verdictsOf(runs: Runs) {
  return {
    p99_ms_at_32: runs['single row, 32 connections'].p99_ms < targets.p99_ms_at_32,
    single_row_requests_per_s: runs['single row, 32 connections'].requests_per_s >= targets.single_row_requests_per_s,
    batch_rows_per_s: runs['1,000 rows, 4 connections'].requests_per_s * 1000 >= targets.batch_rows_per_s,
  };
}

const numberArg = (args: string[], name: string, fallback: number, min: number, max: number) => {
  const at = args.indexOf(name);
  const value = at === -1 ? fallback : Number(args[at + 1]);
  if (!(value >= min && value <= max)) throw new Error(`${name} takes a number from ${min} to ${max}`);
  return value;
};


async function startServe(model: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(repoRoot, 'packages/cli/bin/overture.js'), 'serve', '--model', model, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`overture serve exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function main(): Promise<void> {
  requireBuiltCli();
  const args = process.argv.slice(2);
  const seconds = numberArg(args, '--seconds', 10, 1, 120);
  const swapSeconds = numberArg(args, '--swap-seconds', 30, 5, 120);
  const swapConnections = numberArg(args, '--swap-connections', 8, 1, 256);
  const swaps = numberArg(args, '--swaps', 6, 1, 50);
  // Even: the last change removes the split, so the deployment ends as it began.
  const canaryChanges = 2 * Math.ceil(numberArg(args, '--canary-changes', 4, 2, 50) / 2);
  const withPlatform = !args.includes('--no-platform');
  const keep = args.includes('--keep');
  const loadAtStart = loadavg();
  const workDir = await mkdtemp(join(tmpdir(), 'overture-bench-serve-'));
  let child: ChildProcess | null = null;
  let platform: Platform | null = null;
  const redis = createTestRedis('benchserve-routing');
  try {
    process.stderr.write('training the tickets multi-task model (8 epochs)…\n');
    const model = await trainBenchModel(workDir);
    const bodies = { 1: JSON.stringify({ instances: [model.instances[0]] }), 1000: JSON.stringify({ instances: model.instances.slice(0, 1000) }) };
    const served = await startServe(model.directory);
    child = served.child;
    const runs = await loadCases('overture serve', `${served.url}/predict`, bodies, seconds);
    await stop(child);
    child = null;

    let platformRuns: Runs | null = null;
    let swap: HotSwapResult | null = null;
    let routing: RoutingResult | null = null;
    if (withPlatform) {
      process.stderr.write('starting the platform (npm start: front answering /predict, web, worker)…\n');
      const started = await startBenchPlatform(redis.prefix);
      platform = started.platform;
      const key = await createApiKey(platform);
      const call = apiClient(platform.baseURL, { key });
      process.stderr.write('the platform trains the same config on the same CSV (seeds 42 and 43)…\n');
      const [runA, runB] = await trainOnPlatform(call, model.csv, config, [42, 43]);
      await call('POST', '/api/deployments', { name: 'tickets', runId: runA });
      const predictUrl = `${platform.baseURL}/predict/tickets`;
      platformRuns = await loadCases('platform', predictUrl, bodies, seconds, { authorization: `Bearer ${key}` });
      process.stderr.write(`hot swap: ${swapSeconds} s on ${swapConnections} connections, ${swaps} PUTs and ${canaryChanges} canary changes…\n`);
      swap = await hotSwap({ call, predictUrl, key, name: 'tickets', body: bodies[1], runs: [runA, runB], seconds: swapSeconds, swaps, canaryChanges, connections: swapConnections });
      routing = await measureRouting({ platform, webPort: started.webPort, redis, key, body: bodies[1], seconds });
      await platform.stop();
      platform = null;
    }

    process.stderr.write('in-process references (tfjs, onnxruntime)…\n');
    const tfjs = await measureTfjs(model.directory, model.instances, Math.min(seconds, 5));
    const ort = await measureOrt(model.directory, model.instances, Math.min(seconds, 5));
    const loadAtEnd = loadavg();

    const many = runs['single row, 32 connections'];
    const batchRowsPerS = runs['1,000 rows, 4 connections'].requests_per_s * 1000;
    const verdicts = verdictsOf(runs);
    const row = (name: string, r: LoadResult, rowsPerRequest: number) => [
      name, String(r.p50_ms), String(r.p99_ms), r.requests_per_s.toLocaleString('en-US'), (r.requests_per_s * rowsPerRequest).toLocaleString('en-US'), String(r.non_2xx + r.errors),
    ];
    const ref = (name: string, r: InProcessResult) => [
      name, r.single_row_p50_ms.toFixed(3), r.single_row_p99_ms.toFixed(3), r.single_rows_per_s.toLocaleString('en-US'), r.batch_rows_per_s.toLocaleString('en-US'), '0',
    ];
    const load1 = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
    console.log(`\n\`overture serve\` and the platform's /predict on ${model.table.rows.length} tickets rows' model (autocannon, ${seconds} s per line, loopback, load generator on the same cores; load average ${load1(loadAtStart)} at start, ${load1(loadAtEnd)} at end)\n`);
    console.log(formatTable(
      ['case', 'p50 ms', 'p99 ms', 'requests/s', 'rows/s', 'failed'],
      [
        ...cases.map(([name, rows]) => row(`serve: ${name}`, runs[name], rows)),
        ...(platformRuns ? cases.map(([name, rows]) => row(`platform /predict/<deployment>: ${name}`, platformRuns![name], rows)) : []),
        ref('in-process tfjs (1 row; 1,000 rows)', tfjs),
        ref('in-process onnxruntime, no HTTP (1 row; 1,000 rows)', ort),
      ],
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ));
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const delta = (a: number, b: number) => `${a - b >= 0 ? '+' : ''}${a - b} ms`;
    if (platformRuns) {
      console.log('\nplatform overhead (auth, rate limit, metrics, the front server\'s routing) against `overture serve`\n');
      console.log(formatTable(
        ['case', 'throughput platform / serve', 'p50 Δ', 'p99 Δ'],
        cases.map(([name]) => [name, ratio(platformRuns![name].requests_per_s, runs[name].requests_per_s), delta(platformRuns![name].p50_ms, runs[name].p50_ms), delta(platformRuns![name].p99_ms, runs[name].p99_ms)]),
        ['left', 'right', 'right', 'right'],
      ));
    }
    console.log(`\nserve vs in-process tfjs: single-row throughput ${ratio(many.requests_per_s, tfjs.single_rows_per_s)}, batch rows/s ${ratio(batchRowsPerS, tfjs.batch_rows_per_s)}`);
    const said = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const targetLine = (v: ReturnType<typeof verdictsOf>) => `p99 < ${targets.p99_ms_at_32} ms at 32 connections: ${said(v.p99_ms_at_32)}; ≥ ${targets.single_row_requests_per_s} requests/s: ${said(v.single_row_requests_per_s)}; ≥ ${targets.batch_rows_per_s.toLocaleString('en-US')} rows/s: ${said(v.batch_rows_per_s)}`;
    console.log(`targets, overture serve: ${targetLine(verdicts)}`);
    const platformVerdicts = platformRuns ? verdictsOf(platformRuns) : null;
    if (platformVerdicts) console.log(`the same targets, platform (reported): ${targetLine(platformVerdicts)}`);

    let hotSwapOk: boolean | null = null;
    if (swap) {
      const failed = swap.load.non_2xx + swap.load.errors + swap.swap_failures.length;
      hotSwapOk = failed === 0 && swap.swaps.length === swaps && swap.swaps.every((s) => s.new_version_answered)
        && swap.canary_changes.length === canaryChanges && swap.canary_changes.every((c) => c.as_expected);
      console.log(`\nhot swap: ${swapSeconds} s of single-row traffic on ${swapConnections} connections (${swap.load.requests_per_s} requests/s) on /predict/tickets, ${swaps} PUT /api/deployments/tickets alternating two runs, then ${canaryChanges} PATCH …/traffic setting a 50% canary and removing it\n`);
      console.log(formatTable(['requests', 'non-2xx', 'errors', 'failed swaps', 'statuses', 'swaps (at s: PUT ms)', 'new run answered after each PUT'], [[
        swap.load.requests.toLocaleString('en-US'), String(swap.load.non_2xx), String(swap.load.errors), String(swap.swap_failures.length),
        Object.entries(swap.statuses).map(([k, v]) => `${k}: ${v}`).join(', '),
        swap.swaps.map((s) => `${s.at_s}: ${s.put_ms}`).join('; '),
        `${swap.swaps.filter((s) => s.new_version_answered).length}/${swaps}${swap.runs_predict_differently ? '' : ' (the two runs answer alike: not checkable)'}`,
      ]], ['right', 'right', 'right', 'right', 'left', 'left', 'left']));
      console.log('');
      console.log(formatTable(['canary change', 'at s', 'PATCH ms', 'versions answering the next 20 requests', 'as expected'], swap.canary_changes.map((c) => [
        `${c.percent}%`, String(c.at_s), String(c.patch_ms), c.answered_by.map((id) => id.slice(0, 8)).join(', '), c.as_expected ? 'yes' : 'NO',
      ]), ['left', 'right', 'right', 'left', 'left']));
      console.log('');
      console.log(formatTable(['requests', 'count', 'p50 ms', 'p99 ms', 'max ms'], [
        ['in flight during a PUT or PATCH', ...[swap.during_swaps.requests, swap.during_swaps.p50_ms, swap.during_swaps.p99_ms, swap.during_swaps.max_ms].map(String)],
        ['all others', ...[swap.outside_swaps.requests, swap.outside_swaps.p50_ms, swap.outside_swaps.p99_ms, swap.outside_swaps.max_ms].map(String)],
      ], ['left', 'right', 'right', 'right', 'right']));
      for (const message of [...swap.swap_failures, ...swap.error_messages]) console.log(`  ${message}`);
      console.log(`target: zero failed requests during the hot swaps and canary changes: ${said(hotSwapOk)}`);
    }

    const file = await writeResults('serve', {
      seconds, load_average: { start: loadAtStart, end: loadAtEnd }, targets, verdicts, serve: runs, batch_rows_per_s: batchRowsPerS,
      references: { tfjs_in_process: tfjs, onnxruntime_in_process: ort },
      ratios: { single_row_requests_vs_tfjs: many.requests_per_s / tfjs.single_rows_per_s, batch_rows_vs_tfjs: batchRowsPerS / tfjs.batch_rows_per_s },
      platform: platformRuns && {
        predict: platformRuns, batch_rows_per_s: platformRuns['1,000 rows, 4 connections'].requests_per_s * 1000, verdicts: platformVerdicts,
        throughput_vs_serve: Object.fromEntries(cases.map(([name]) => [name, platformRuns![name].requests_per_s / runs[name].requests_per_s])),
        hot_swap: swap && { seconds: swapSeconds, ok: hotSwapOk, ...swap },
        routing,
      },
    });
    console.log(`wrote ${file}`);
    if (routing) {
      console.log('\nhow /predict reaches the model (single row, 32 connections): the front server (a) against keeping Next in the path (b)\n');
      const r = routing;
      console.log(formatTable(['path', 'p50 ms', 'p99 ms', 'requests/s', 'failed'], ([
        ['front answering /predict itself (npm start\'s public port)', r.front_to_serving], ['its serving replica\'s own port', r.serving_direct],
        ['front taking turns with a second replica', r.two_replicas_front], ['Next /predict (the path before)', r.next_predict],
        ['Next GET /api/health (floor of any path through Next)', r.next_floor_health], ['front → Next GET /api/health', r.front_to_next_health],
      ] as const).map(([name, l]) => [name, String(l.p50_ms), String(l.p99_ms), l.requests_per_s.toLocaleString('en-US'), String(l.non_2xx + l.errors)]), ['left', 'right', 'right', 'right', 'right']));
      console.log(`front with a second replica / front alone: ${r.two_vs_one_replica.toFixed(2)}× requests/s`);
    }
    if (hotSwapOk === false) process.exitCode = 1;
  } finally {
    if (child) await stop(child);
    if (platform) await platform.stop();
    await redis.cleanup().catch(() => undefined);
    if (!keep) await rm(workDir, { recursive: true, force: true });
    else console.log(`kept ${workDir}`);
  }
}

await main();
