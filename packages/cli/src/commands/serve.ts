import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { BUNDLE_FILES, exportModelToOnnx, initBackend, loadBundle } from '@overture/trainer';
import { ServingEngine } from '@overture/serving';
import { log } from '../output.js';
import { startPredictionServer } from '../serve/server.js';

export interface ServeOptions {
  model: string;
  port: string;
  host: string;
  maxBodyMb: string;
  batchWindowMs: string;
  maxBatchRows: string;
  threads: string;
  modelsDir?: string;
}

function positive(name: string, value: string, integer: boolean, allowZero = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0) || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} ${integer ? 'integer' : 'number'}, got '${value}'`);
  }
  return n;
}

/** Bundles trained before model.onnx was part of the bundle get it on first serve. */
export async function ensureOnnx(directory: string): Promise<void> {
  if (existsSync(path.join(directory, BUNDLE_FILES.onnx))) return;
  log(`${directory} has no ${BUNDLE_FILES.onnx}; exporting it from the weights…`);
  await initBackend();
  const bundle = await loadBundle(directory);
  try {
    await fs.writeFile(path.join(directory, BUNDLE_FILES.onnx), exportModelToOnnx(bundle.model));
  } finally {
    bundle.model.dispose();
  }
}

/** `overture serve`: one model over HTTP (POST /predict, GET /health, GET /openapi.json) until SIGINT/SIGTERM. */
export async function serveCommand(options: ServeOptions): Promise<void> {
  const port = positive('port', options.port, true, true);
  await ensureOnnx(options.model);
  const engine = new ServingEngine({
    windowMs: positive('batch-window-ms', options.batchWindowMs, false, true),
    maxBatchRows: positive('max-batch-rows', options.maxBatchRows, true),
    threads: positive('threads', options.threads, true),
    modelsDir: options.modelsDir ?? null,
  });
  const name = path.basename(path.resolve(options.model)) === 'model' ? path.basename(path.dirname(path.resolve(options.model))) : path.basename(path.resolve(options.model));
  await engine.load(name, options.model);
  const server = await startPredictionServer({ engine, model: name, host: options.host, port, maxBodyBytes: positive('max-body-mb', options.maxBodyMb, false) * 1024 * 1024 });
  log(`serving model '${name}' from ${options.model} at ${server.url} (POST /predict, GET /health, GET /openapi.json); Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: finishing the requests in progress…`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  await engine.close();
  log('stopped');
}
