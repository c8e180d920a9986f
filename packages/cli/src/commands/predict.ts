import { initBackend, loadBundle, predictTable, readTable, type BackendName, type RawTable } from '@overture/trainer';
import path from 'node:path';
import { decodeMediaInputs, predictionModelsDir, type RowIssue } from '@overture/trainer/preprocessing';
import { ServingModel, predictionResponse } from '@overture/serving';
import { log, printJson } from '../output.js';
import { writeRecords } from '../write-table.js';
import { ensureOnnx } from './serve.js';

export type PredictEngine = 'onnx' | 'tfjs';

interface PredictOptions {
  model: string;
  dataset: string;
  output?: string;
  json?: boolean;
  backend?: BackendName;
  engine?: PredictEngine;
  /** Pretrained models, when the bundle has no copy of its own. */
  modelsDir?: string;
}

type Predicted = { columns: string[]; records: Record<string, unknown>[]; rowErrors: RowIssue[] };

/** The ONNX path: what `overture serve` runs (onnxruntime-node + the trainer's preprocessing). */
async function predictWithOnnx(directory: string, table: RawTable, imageRoot: string, modelsDir: string | null): Promise<Predicted> {
  await ensureOnnx(directory);
  const model = await ServingModel.load(directory, { modelsDir });
  try {
    const result = await model.predictTable(table, { imageRoot });
    const { predictions } = predictionResponse(result, 'ludwig');
    const columns = [...new Set(predictions.flatMap((p) => (p ? Object.keys(p) : [])))];
    return { columns, records: predictions.map((p) => p ?? {}), rowErrors: result.rowErrors };
  } finally {
    await model.release();
  }
}

async function predictWithTfjs(directory: string, table: RawTable, backend: BackendName | undefined, imageRoot: string, modelsDir: string | null): Promise<Predicted> {
  await initBackend(backend);
  const bundle = await loadBundle(directory);
  try {
    const images = await decodeMediaInputs(table, bundle.config, { root: imageRoot, metadata: bundle.metadata, modelsDir: await predictionModelsDir(directory, modelsDir) });
    return predictTable(bundle, table, { images });
  } finally {
    bundle.model.dispose();
  }
}

/** `overture predict`: Ludwig-named prediction columns for every row, in input order. */
export async function predictCommand(options: PredictOptions): Promise<void> {
  const table = await readTable(options.dataset);
  // Image paths in the dataset are read relative to its file and only inside its folder.
  const imageRoot = path.dirname(path.resolve(options.dataset));
  const { columns, records, rowErrors } = options.engine === 'tfjs'
    ? await predictWithTfjs(options.model, table, options.backend, imageRoot, options.modelsDir ?? null)
    : await predictWithOnnx(options.model, table, imageRoot, options.modelsDir ?? null);
  for (const e of rowErrors.slice(0, 20)) log(`warning: row ${e.row}: ${e.message}`);
  if (rowErrors.length > 20) log(`warning: ${rowErrors.length - 20} more rows with problems`);
  if (options.output) {
    await writeRecords(options.output, columns, records as never);
    log(`wrote ${records.length} predictions to ${options.output}`);
  }
  if (options.json || !options.output) printJson(records);
}
