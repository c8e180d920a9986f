import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError, resolveStoredConfig, type ResolvedConfig } from '@overture/config';
import { parseMetadata, type TrainingSetMetadata } from '../preprocessing/index.js';
import { BUNDLE_FILES, BUNDLE_FORMAT_VERSION, type BundleManifest } from './format.js';

// Pure reading of a bundle's JSON files (no tfjs): the trainer and serving read bundles with it.

async function readText(directory: string, file: string): Promise<string> {
  const where = path.join(directory, file);
  try {
    return await fs.readFile(where, 'utf8');
  } catch {
    throw new OvertureError('not_found', `${where} does not exist: is ${directory} a model bundle (the model/ folder written by 'overture train')?`);
  }
}

export async function readBundleJson<T>(directory: string, file: string): Promise<T> {
  return JSON.parse(await readText(directory, file)) as T;
}

/** Reads the bundle's manifest and refuses bundles of another major format version. */
export async function readBundleManifest(directory: string): Promise<BundleManifest> {
  const manifest = await readBundleJson<BundleManifest>(directory, BUNDLE_FILES.manifest);
  const major = (v: string) => String(v).split('.')[0];
  if (typeof manifest.format_version !== 'string' || major(manifest.format_version) !== major(BUNDLE_FORMAT_VERSION)) {
    throw new OvertureError('unsupported', `model bundle format ${manifest.format_version} is not supported by this Overture (it reads ${BUNDLE_FORMAT_VERSION.split('.')[0]}.x)`);
  }
  return manifest;
}

export interface BundleDescription {
  directory: string;
  manifest: BundleManifest;
  config: ResolvedConfig;
  metadata: TrainingSetMetadata;
}

/** The manifest (version-checked), the resolved config and the training-set metadata of a bundle. */
export async function readBundleDescription(directory: string): Promise<BundleDescription> {
  const manifest = await readBundleManifest(directory);
  const { config } = resolveStoredConfig(await readBundleJson<unknown>(directory, BUNDLE_FILES.config));
  const metadata = parseMetadata(await readText(directory, BUNDLE_FILES.metadata));
  return { directory, manifest, config, metadata };
}
