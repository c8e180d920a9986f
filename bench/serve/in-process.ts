import type { RawTable } from '@overture/trainer';

/** Latencies (ms) of `n` sequential calls of `fn`, after `warmup` unmeasured ones. */
async function time(n: number, warmup: number, fn: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out.sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export interface InProcessResult {
  single_row_p50_ms: number;
  single_row_p99_ms: number;
  single_rows_per_s: number;
  batch_rows_per_s: number;
}

function toTable(instances: Record<string, string | number | null>[]): RawTable {
  const columns = Object.keys(instances[0]);
  const data = Object.fromEntries(columns.map((c) => [c, instances.map((r) => (r[c] === null ? null : String(r[c])))]));
  return { columns, rowCount: instances.length, data };
}

/** The same model predicting in this process with tfjs (the training stack), from a raw table. */
export async function measureTfjs(directory: string, instances: Record<string, string | number | null>[], seconds: number): Promise<InProcessResult> {
  const { initBackend, loadBundle, predictTable } = await import('@overture/trainer');
  await initBackend();
  const bundle = await loadBundle(directory);
  try {
    return await measure(seconds, (rows) => predictTable(bundle, toTable(rows)), instances);
  } finally {
    bundle.model.dispose();
  }
}

/** onnxruntime in this process through ServingModel (preprocessing + ORT + postprocessing, no HTTP). */
export async function measureOrt(directory: string, instances: Record<string, string | number | null>[], seconds: number): Promise<InProcessResult> {
  const { ServingModel, predictionResponseJson } = await import('@overture/serving');
  const model = await ServingModel.load(directory);
  try {
    return await measure(seconds, async (rows) => predictionResponseJson(await model.predictInstances(rows)), instances);
  } finally {
    await model.release();
  }
}

async function measure(seconds: number, predict: (rows: Record<string, string | number | null>[]) => Promise<unknown> | unknown, instances: Record<string, string | number | null>[]): Promise<InProcessResult> {
  // Calibrate the count so each part takes about `seconds`.
  const probe = await time(20, 5, () => predict([instances[0]]));
  const n = Math.max(50, Math.min(20_000, Math.round((seconds * 1000) / Math.max(0.01, quantile(probe, 0.5)))));
  const single = await time(n, 10, () => predict([instances[0]]));
  const batch = instances.slice(0, 1000);
  const batchTimes = await time(Math.max(5, Math.round((seconds * 1000) / Math.max(1, (await time(2, 1, () => predict(batch)))[0]))), 1, () => predict(batch));
  const total = single.reduce((a, b) => a + b, 0);
  return {
    single_row_p50_ms: quantile(single, 0.5),
    single_row_p99_ms: quantile(single, 0.99),
    single_rows_per_s: Math.round((single.length * 1000) / total),
    batch_rows_per_s: Math.round((1000 * 1000) / quantile(batchTimes, 0.5)),
  };
}
