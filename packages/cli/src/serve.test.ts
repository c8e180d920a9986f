import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServingEngine } from '@overture/serving';
import { startPredictionServer, type PredictionServer } from './serve/server.js';
import { runCli } from './test/run-cli.js';
import { tempDir, toyCsv, writeFile } from './test/fixtures.js';

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request over a real socket; `chunks` are streamed (chunked encoding) when given. */
function call(url: string, method: string, options: { body?: string | Buffer; chunks?: Buffer[]; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.on('error', reject);
    if (options.chunks) {
      for (const c of options.chunks) req.write(c);
      req.end();
    } else req.end(options.body);
  });
}

const json = { 'content-type': 'application/json' };

describe('overture serve, export and predict on the ONNX path', () => {
  const dir = tempDir();
  let model: string;
  let server: PredictionServer;
  let engine: ServingEngine;

  beforeAll(async () => {
    const dataset = writeFile(dir, 'toy.csv', toyCsv());
    const config = writeFile(dir, 'config.yaml', [
      'input_features: [{name: a, type: number}, {name: b, type: number}, {name: city, type: category}]',
      'output_features: [{name: label, type: binary}, {name: size, type: number}]',
      'trainer: {epochs: 30, batch_size: 32, learning_rate: 0.01}',
    ].join('\n'));
    const trained = await runCli(['train', '--config', config, '--dataset', dataset, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);
    model = path.join(dir, 'out', 'model');
    engine = new ServingEngine();
    await engine.load('toy', model);
    server = await startPredictionServer({ engine, model: 'toy', host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await engine?.close();
  });

  it('training writes model.onnx into the bundle', () => {
    expect(readFileSync(path.join(model, 'model.onnx')).length).toBeGreaterThan(1000);
  });

  it('predict on the ONNX path (default) agrees with --engine tfjs within 1e-4', async () => {
    const rows = writeFile(dir, 'rows.csv', 'a,b,city\n1.5,1.5,rome\n-1.5,-1.5,paris\n0.2,-0.1,nowhere\n');
    const onnx = await runCli(['predict', '--model', model, '--dataset', rows, '--json']);
    const tfjs = await runCli(['predict', '--model', model, '--dataset', rows, '--json', '--engine', 'tfjs']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(tfjs.code, tfjs.stderr).toBe(0);
    const [a, b] = [JSON.parse(onnx.stdout), JSON.parse(tfjs.stdout)] as Record<string, unknown>[][];
    expect(a.map((r) => Object.keys(r))).toEqual(b.map((r) => Object.keys(r)));
    a.forEach((row, i) => {
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === 'number') expect(Math.abs(value - (b[i][key] as number)) / Math.max(1, Math.abs(value)), key).toBeLessThan(1e-4);
        else expect(value, key).toEqual(b[i][key]);
      }
    });
    expect(a[0].label_predictions).toBe('yes');
  });

  it('export writes the ONNX graph where asked, and serve re-creates a missing model.onnx', async () => {
    const out = path.join(dir, 'exported', 'm.onnx');
    const r = await runCli(['export', '--model', model, '--output', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).bytes).toBe(readFileSync(out).length);
    expect(readFileSync(out)).toEqual(readFileSync(path.join(model, 'model.onnx')));
    rmSync(path.join(model, 'model.onnx'));
    const { ensureOnnx } = await import('./commands/serve.js');
    await ensureOnnx(model);
    expect(existsSync(path.join(model, 'model.onnx'))).toBe(true);
  });

  it('POST /predict answers JSON instances in the contract shape, bad rows as errors', async () => {
    const r = await call(`${server.url}/predict`, 'POST', { headers: json, body: JSON.stringify({ instances: [{ a: 1.5, b: 1.5, city: 'rome' }, { a: 'x', b: 1, city: 'rome' }, { b: 1, city: 'oslo' }] }) });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(body.predictions[0].label.prediction).toBe('yes');
    expect(Object.keys(body.predictions[0].label.probabilities).sort()).toEqual(['no', 'yes']);
    expect(typeof body.predictions[0].size.prediction).toBe('number');
    expect(body.predictions.slice(1)).toEqual([null, null]);
    expect(body.errors).toEqual([
      { row: 2, message: "'a' must be a number, got string \"x\"." },
      { row: 3, message: "missing feature 'a' (send null for a missing value)." },
    ]);
  });

  it('?format=ludwig returns flat Ludwig records; explain adds attributions', async () => {
    const r = await call(`${server.url}/predict?format=ludwig`, 'POST', { headers: json, body: JSON.stringify({ instances: [{ a: 1, b: 1, city: 'rome', extra: 1 }], explain: true }) });
    const body = JSON.parse(r.body);
    expect(Object.keys(body.predictions[0])).toEqual(['label_predictions', 'label_probabilities_no', 'label_probabilities_yes', 'label_probability', 'size_predictions']);
    expect(body.explanation_method).toBe('occlusion');
    expect(Object.keys(body.explanations[0].label.attributions)).toEqual(['a', 'b', 'city']);
  });

  it('reads CSV and writes CSV when Accept is text/csv', async () => {
    const r = await call(`${server.url}/predict`, 'POST', { headers: { 'content-type': 'text/csv', accept: 'text/csv' }, body: 'a,b,city\n1.5,1.5,rome\n-1.5,-1.5,paris\n' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const lines = r.body.trim().split('\n');
    expect(lines[0]).toBe('label_predictions,label_probabilities_no,label_probabilities_yes,label_probability,size_predictions,error');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['yes', 'no']);
  });

  it('413 for a body over 10 MB, declared or streamed', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    const declared = await call(`${server.url}/predict`, 'POST', { headers: { ...json, 'content-length': String(big.length) }, body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.code).toBe('too_large');
    const streamed = await call(`${server.url}/predict`, 'POST', { headers: json, chunks: Array.from({ length: 11 }, () => Buffer.alloc(1024 * 1024, 0x20)) });
    expect(streamed.status).toBe(413);
  });

  it('400 with a clear message for malformed JSON, no instances, empty instances; 415 for other types', async () => {
    const cases: [string, string | RegExp][] = [
      ['{"instances": [', /the body is not valid JSON/],
      ['{"rows": []}', 'the body must be a JSON object with "instances": a list of rows ({"column": value, …}).'],
      ['{"instances": []}', "'instances' is empty: send at least one row."],
    ];
    for (const [body, message] of cases) {
      const r = await call(`${server.url}/predict`, 'POST', { headers: json, body });
      expect(r.status, body).toBe(400);
      expect(JSON.parse(r.body).error.message).toMatch(message);
    }
    expect((await call(`${server.url}/predict`, 'POST', { headers: { 'content-type': 'text/plain' }, body: 'x' })).status).toBe(415);
  });

  it('GET /health, GET /openapi.json; 404 and 405 elsewhere', async () => {
    const health = JSON.parse((await call(`${server.url}/health`, 'GET')).body);
    expect(health.status).toBe('ok');
    expect(health.model.outputs).toEqual([{ name: 'label', type: 'binary', decoder: 'regressor' }, { name: 'size', type: 'number', decoder: 'regressor' }]);
    const doc = JSON.parse((await call(`${server.url}/openapi.json`, 'GET')).body);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/predict', '/health', '/openapi.json']);
    expect((await call(`${server.url}/nope`, 'GET')).status).toBe(404);
    expect((await call(`${server.url}/predict`, 'GET')).status).toBe(405);
  });

  it('`overture serve` listens, answers, and on SIGTERM finishes the request in progress and exits 0', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/test/cli-child.ts', 'serve', '--model', model, '--port', '0', '--batch-window-ms', '200'], { cwd: cliRoot });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        const m = /at (http:\/\/[\d.]+:\d+)/.exec(stderr);
        if (m) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The 200 ms batch window keeps this request in flight while SIGTERM arrives.
    const inFlight = call(`${url}/predict`, 'POST', { headers: json, body: JSON.stringify({ instances: [{ a: 1, b: 1, city: 'rome' }] }) });
    await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const r = await inFlight;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).predictions[0].label.prediction).toBe('yes');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/stopped/);
  });
});
