import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig, type ResolvedConfig } from '@overture/config';
import { claimRun, createDataset, createModel, createModelVersion, createRun, finishRun, recordArtifact, type Database, type Dataset, type Run } from '@overture/db';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded CSV with a learnable binary label: two numbers and a color drive `label`. */
export function toyCsv(rows = 200, seed = 1): string {
  const next = mulberry32(seed);
  const colors = ['red', 'green', 'blue'];
  const lines = ['x1,x2,color,label'];
  for (let i = 0; i < rows; i++) {
    const x1 = next() * 4 - 2;
    const x2 = next() * 4 - 2;
    const c = Math.floor(next() * colors.length);
    const score = x1 - 0.5 * x2 + (c === 0 ? 0.8 : c === 1 ? -0.8 : 0) + (next() - 0.5) * 0.6;
    lines.push(`${x1.toFixed(4)},${x2.toFixed(4)},${colors[c]},${score > 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface ToyConfigOptions {
  epochs?: number;
  batchSize?: number;
  /** Evaluate and checkpoint every N steps (0: every epoch). */
  stepsPerCheckpoint?: number;
  /** Replace the output column (e.g. with one missing from the data, to make training fail). */
  target?: string;
}

/** A small config for toyCsv: trains in well under a second per epoch on wasm. */
export function toyConfig(options: ToyConfigOptions = {}): ResolvedConfig {
  return resolveConfig({
    input_features: [
      { name: 'x1', type: 'number' },
      { name: 'x2', type: 'number' },
      { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } },
    ],
    output_features: [{ name: options.target ?? 'label', type: 'binary' }],
    combiner: { type: 'concat', num_fc_layers: 1, output_size: 8 },
    trainer: {
      epochs: options.epochs ?? 3,
      batch_size: options.batchSize ?? 16,
      learning_rate: 0.01,
      early_stop: -1,
      steps_per_checkpoint: options.stepsPerCheckpoint ?? 0,
    },
  }).config;
}

/** Stores a CSV in the artifact store (DATA_DIR/datasets/<sha256>.csv) and its dataset row. */
export async function seedDataset(db: Database, dataDir: string, csv: string, name = 'toy'): Promise<Dataset> {
  const hash = createHash('sha256').update(csv).digest('hex');
  const storagePath = path.join('datasets', `${hash}.csv`);
  mkdirSync(path.join(dataDir, 'datasets'), { recursive: true });
  writeFileSync(path.join(dataDir, storagePath), csv);
  return createDataset(db, {
    name, source: 'upload', storagePath, format: 'csv', contentHash: hash, sizeBytes: Buffer.byteLength(csv), status: 'ready',
  });
}

/** A dataset, a model with one version of `config`, and a queued run of it (enqueue it yourself). */
export async function seedRun(db: Database, dataset: Dataset, config: ResolvedConfig, seed = 42): Promise<Run> {
  const model = await createModel(db, { name: `toy model ${Date.now()}`, datasetId: dataset.id });
  const version = await createModelVersion(db, { modelId: model.id, yaml: '# toy\n', resolvedConfig: config as unknown as Record<string, unknown> });
  return createRun(db, { modelVersionId: version.id, datasetId: dataset.id, config: config as unknown as Record<string, unknown>, seed });
}

/**
 * A completed run whose bundle is a copy of the trained bundle in `bundleDir`, recorded as the
 * worker records it: a new model on `dataset` (a toy one when left out), or a new run of
 * `modelVersionId` (several versions of one model, e.g. a canary of a deployment).
 */
export async function seedCompletedRun(db: Database, dataDir: string, bundleDir: string, options: { dataset?: Dataset; modelVersionId?: string } = {}): Promise<Run> {
  const dataset = options.dataset ?? await seedDataset(db, dataDir, toyCsv(20));
  const config = toyConfig();
  const run = options.modelVersionId
    ? await createRun(db, { modelVersionId: options.modelVersionId, datasetId: dataset.id, config: config as unknown as Record<string, unknown> })
    : await seedRun(db, dataset, config);
  const claimed = await claimRun(db, { runId: run.id, workerId: 'host:1' });
  const bundle = `runs/${run.id}/output/model`;
  cpSync(bundleDir, path.join(dataDir, bundle), { recursive: true });
  await recordArtifact(db, { runId: run.id, kind: 'model_bundle', path: bundle, contentType: 'inode/directory' });
  await finishRun(db, { runId: run.id, attempt: claimed!.attempt, status: 'completed' });
  return run;
}
