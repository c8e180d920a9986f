import { usesPretrainedEncoder } from '../pretrained/embed-column.js';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '@overture/config';
import type { EncodedColumn, PreprocessingReport, ProcessedDataset, TrainingSetMetadata } from '../types.js';

/** What `preprocessForTraining` returns, as stored in a cache entry. */
export interface Preprocessed {
  dataset: ProcessedDataset;
  metadata: TrainingSetMetadata;
  report: PreprocessingReport;
}

/**
 * What preprocessing reads (the trainer's PreprocessingConfigView: each feature's name, column,
 * type and preprocessing, plus the global section) and the seed of the split: equal keys give
 * byte-identical datasets, so whoever trains (platform workers, hyperopt trial processes) reuses
 * one preprocessing through the cache. Training settings (learning rate, layers) are not part of it.
 */
export function preprocessingKey(datasetHash: string, config: ResolvedConfig, seed: number): string {
  // A pretrained encoder's embeddings are part of the preprocessed column, so its settings are part of the key.
  const view = (features: readonly { name: string; type: string; column?: string; preprocessing?: unknown; encoder?: unknown }[]) =>
    features.map((f) => ({
      name: f.name, column: f.column ?? f.name, type: f.type, preprocessing: f.preprocessing ?? null,
      ...(usesPretrainedEncoder(f) ? { encoder: f.encoder } : {}),
    }));
  const material = JSON.stringify({
    v: 1, datasetHash, seed,
    inputs: view(config.input_features as never), outputs: view(config.output_features as never), preprocessing: config.preprocessing,
  });
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}

interface Manifest {
  rowCount: number;
  arrays: { name: string; dtype: 'float32' | 'int32' | 'uint8'; width: number; offset: number; length: number }[];
  metadata: TrainingSetMetadata;
  report: PreprocessingReport;
}

type Typed = Float32Array | Int32Array | Uint8Array;

/** Reads a cache entry (a folder: manifest.json and arrays.bin), or null when absent or unreadable (then it is rebuilt). */
export async function readPreprocessed(dir: string): Promise<Preprocessed | null> {
  let manifest: Manifest;
  let bytes: Buffer;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
    bytes = await fs.readFile(path.join(dir, 'arrays.bin'));
  } catch {
    return null;
  }
  const view = (a: Manifest['arrays'][number]): Typed => {
    const copy = bytes.buffer.slice(bytes.byteOffset + a.offset, bytes.byteOffset + a.offset + a.length);
    return a.dtype === 'float32' ? new Float32Array(copy) : a.dtype === 'int32' ? new Int32Array(copy) : new Uint8Array(copy);
  };
  const features: Record<string, EncodedColumn> = {};
  let split: Uint8Array = new Uint8Array(0);
  let sourceRows: Int32Array = new Int32Array(0);
  for (const a of manifest.arrays) {
    const values = view(a);
    if (a.name === '@split') split = values as Uint8Array;
    else if (a.name === '@sourceRows') sourceRows = values as Int32Array;
    else if (a.dtype === 'float32') features[a.name] = { dtype: 'float32', values: values as Float32Array, width: a.width };
    else if (a.dtype === 'int32') features[a.name] = { dtype: 'int32', values: values as Int32Array, width: a.width };
    // Image pixels: read back as bytes, not reinterpreted as a quarter as many int32 values.
    else features[a.name] = { dtype: 'uint8', values: values as Uint8Array, width: a.width };
  }
  return { dataset: { rowCount: manifest.rowCount, features, split, sourceRows }, metadata: manifest.metadata, report: manifest.report };
}

/** Writes the entry into a temporary folder and renames it into place (readers never see half a cache entry). */
export async function writePreprocessed(dir: string, value: Preprocessed): Promise<void> {
  const parts: Typed[] = [];
  const arrays: Manifest['arrays'] = [];
  let offset = 0;
  const add = (name: string, dtype: Manifest['arrays'][number]['dtype'], width: number, values: Typed) => {
    arrays.push({ name, dtype, width, offset, length: values.byteLength });
    parts.push(values);
    offset += values.byteLength;
  };
  for (const [name, column] of Object.entries(value.dataset.features)) add(name, column.dtype, column.width, column.values);
  add('@split', 'uint8', 1, value.dataset.split);
  add('@sourceRows', 'int32', 1, value.dataset.sourceRows);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await fs.mkdir(tmp, { recursive: true });
  await fs.writeFile(path.join(tmp, 'arrays.bin'), Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const manifest: Manifest = { rowCount: value.dataset.rowCount, arrays, metadata: value.metadata, report: value.report };
  await fs.writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
  try {
    await fs.rename(tmp, dir);
  } catch {
    await fs.rm(tmp, { recursive: true, force: true }); // another writer stored it first
  }
}
