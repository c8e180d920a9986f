/**
 * Benchmark: `overture serve` under load, on a tabular multi-task model trained from
 * ../shared/datasets/tickets.csv (without its text column): intent, priority (depending on
 * intent) and resolution_hours from channel, tenure, amount, premium and created_at.
 *
 *   npm run bench -- serve [--seconds N] [--keep]
 *
 * autocannon (in this process, loopback only) against the built CLI's `overture serve` child:
 * single-row POST /predict at 1 and 32 connections, and 1,000-row requests at 4 connections.
 * References in the same run, in this process: the same model with tfjs (the training stack)
 * and with onnxruntime through ServingModel (no HTTP). Targets on 2 cores, load generator
 * included: p99 < 10 ms at 32 connections, ≥ 2,000 single-row requests/s, ≥ 100,000 rows/s in
 * batches. The platform's /predict column is added by the platform's engineers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from './lib/cli.js';
import { repoRoot } from './lib/paths.js';
import { writeResults } from './lib/results.js';
import { formatTable } from './lib/table.js';
import { load, type LoadResult } from './serve/load.js';
import { measureOrt, measureTfjs, type InProcessResult } from './serve/in-process.js';
import { trainBenchModel } from './serve/model.js';

const targets = { p99_ms_at_32: 10, single_row_requests_per_s: 2000, batch_rows_per_s: 100_000 };

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
  const at = args.indexOf('--seconds');
  const seconds = at === -1 ? 10 : Number(args[at + 1]);
  if (!(seconds >= 1 && seconds <= 120)) throw new Error('--seconds takes a number from 1 to 120');
  const keep = args.includes('--keep');
  const workDir = await mkdtemp(join(tmpdir(), 'overture-bench-serve-'));
  let child: ChildProcess | null = null;
  try {
    process.stderr.write('training the tickets multi-task model (8 epochs)…\n');
    const model = await trainBenchModel(workDir);
    const served = await startServe(model.directory);
    child = served.child;
    const single = JSON.stringify({ instances: [model.instances[0]] });
    const batch = JSON.stringify({ instances: model.instances.slice(0, 1000) });
    await load(`${served.url}/predict`, single, 4, 2); // warm-up
    const runs: Record<string, LoadResult> = {};
    for (const [name, body, connections] of [['single row, 1 connection', single, 1], ['single row, 32 connections', single, 32], ['1,000 rows, 4 connections', batch, 4]] as const) {
      process.stderr.write(`overture serve: ${name}, ${seconds} s…\n`);
      runs[name] = await load(`${served.url}/predict`, body, connections, seconds);
    }
    await stop(child);
    child = null;
    process.stderr.write('in-process references (tfjs, onnxruntime)…\n');
    const tfjs = await measureTfjs(model.directory, model.instances, Math.min(seconds, 5));
    const ort = await measureOrt(model.directory, model.instances, Math.min(seconds, 5));

    const one = runs['single row, 1 connection'];
    const many = runs['single row, 32 connections'];
    const rowsBatch = runs['1,000 rows, 4 connections'];
    const batchRowsPerS = rowsBatch.requests_per_s * 1000;
    const verdicts = {
      p99_ms_at_32: many.p99_ms < targets.p99_ms_at_32,
      single_row_requests_per_s: many.requests_per_s >= targets.single_row_requests_per_s,
      batch_rows_per_s: batchRowsPerS >= targets.batch_rows_per_s,
    };
    const row = (name: string, r: LoadResult, rowsPerRequest: number) => [
      name, String(r.p50_ms), String(r.p99_ms), r.requests_per_s.toLocaleString('en-US'), (r.requests_per_s * rowsPerRequest).toLocaleString('en-US'), String(r.non_2xx + r.errors),
    ];
    const ref = (name: string, r: InProcessResult) => [
      name, r.single_row_p50_ms.toFixed(3), r.single_row_p99_ms.toFixed(3), r.single_rows_per_s.toLocaleString('en-US'), r.batch_rows_per_s.toLocaleString('en-US'), '0',
    ];
    console.log(`\n\`overture serve\` on ${model.table.rows.length} tickets rows' model (autocannon, ${seconds} s per line, loopback, load generator on the same cores)\n`);
    console.log(formatTable(
      ['case', 'p50 ms', 'p99 ms', 'requests/s', 'rows/s', 'failed'],
      [
        row('serve: single row, 1 connection', one, 1),
        row('serve: single row, 32 connections', many, 1),
        row('serve: 1,000 rows, 4 connections', rowsBatch, 1000),
        ref('in-process tfjs (1 row; 1,000 rows)', tfjs),
        ref('in-process onnxruntime, no HTTP (1 row; 1,000 rows)', ort),
      ],
      ['left', 'right', 'right', 'right', 'right', 'right'],
    ));
    const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;
    console.log(`\nserve vs in-process tfjs: single-row throughput ${ratio(many.requests_per_s, tfjs.single_rows_per_s)}, batch rows/s ${ratio(batchRowsPerS, tfjs.batch_rows_per_s)}`);
    console.log(`targets: p99 < ${targets.p99_ms_at_32} ms at 32 connections: ${verdicts.p99_ms_at_32 ? 'met' : 'NOT met'}; ≥ ${targets.single_row_requests_per_s} requests/s: ${verdicts.single_row_requests_per_s ? 'met' : 'NOT met'}; ≥ ${targets.batch_rows_per_s.toLocaleString('en-US')} rows/s: ${verdicts.batch_rows_per_s ? 'met' : 'NOT met'}`);
    const file = await writeResults('serve', {
      seconds, targets, verdicts, serve: runs, batch_rows_per_s: batchRowsPerS,
      references: { tfjs_in_process: tfjs, onnxruntime_in_process: ort },
      ratios: { single_row_requests_vs_tfjs: many.requests_per_s / tfjs.single_rows_per_s, batch_rows_vs_tfjs: batchRowsPerS / tfjs.batch_rows_per_s },
      platform: null,
    });
    console.log(`wrote ${file}`);
  } finally {
    if (child) await stop(child);
    if (!keep) await rm(workDir, { recursive: true, force: true });
    else console.log(`kept ${workDir}`);
  }
}

await main();
