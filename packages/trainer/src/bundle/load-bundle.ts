import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError, resolveConfig, type ResolvedConfig } from '@overture/config';
import { parseMetadata, type TrainingSetMetadata } from '../preprocessing/index.js';
import { EcdModel } from '../model/ecd.js';
import { readWeights, type WeightsManifest } from '../training/weights-file.js';
import { BUNDLE_FILES, BUNDLE_FORMAT_VERSION, type BundleManifest } from './format.js';

export interface LoadedBundle {
  directory: string;
  manifest: BundleManifest;
  config: ResolvedConfig;
  metadata: TrainingSetMetadata;
  model: EcdModel;
}

async function readJson<T>(directory: string, file: string): Promise<T> {
  const where = path.join(directory, file);
  let text: string;
  try {
    text = await fs.readFile(where, 'utf8');
  } catch {
    throw new OvertureError('not_found', `${where} does not exist: is ${directory} a model bundle (the model/ folder written by 'overture train')?`);
  }
  return JSON.parse(text) as T;
}

/** Reads the bundle's manifest and refuses bundles of another major format version. */
export async function readBundleManifest(directory: string): Promise<BundleManifest> {
  const manifest = await readJson<BundleManifest>(directory, BUNDLE_FILES.manifest);
  const major = (v: string) => v.split('.')[0];
  if (major(manifest.format_version) !== major(BUNDLE_FORMAT_VERSION)) {
    throw new OvertureError('unsupported', `model bundle format ${manifest.format_version} is not supported by this Overture (it reads ${BUNDLE_FORMAT_VERSION.split('.')[0]}.x)`);
  }
  return manifest;
}

/** Loads a bundle into a ready-to-run tfjs model. */
export async function loadBundle(directory: string): Promise<LoadedBundle> {
  const manifest = await readBundleManifest(directory);
  const { config } = resolveConfig(await readJson<unknown>(directory, BUNDLE_FILES.config));
  const metadata = parseMetadata(await fs.readFile(path.join(directory, BUNDLE_FILES.metadata), 'utf8'));
  const weightsManifest = await readJson<WeightsManifest>(directory, BUNDLE_FILES.weightsManifest);
  const weights = await readWeights(path.join(directory, BUNDLE_FILES.weights), weightsManifest);
  const model = new EcdModel(config, metadata, manifest.seed);
  model.params.restore(weights);
  return { directory, manifest, config, metadata, model };
}
