import path from 'node:path';
import type { ResolvedConfig } from '@overture/config';
import type { TrainingSetMetadata } from '../preprocessing/index.js';
import { EcdModel } from '../model/ecd.js';
import { readWeights, type WeightsManifest } from '../training/weights-file.js';
import { BUNDLE_FILES, type BundleManifest } from './format.js';
import { readBundleDescription, readBundleJson } from './read-bundle.js';
import { applyCalibration } from '../calibration/calibrate-outputs.js';

export { readBundleManifest } from './read-bundle.js';

export interface LoadedBundle {
  directory: string;
  manifest: BundleManifest;
  config: ResolvedConfig;
  metadata: TrainingSetMetadata;
  model: EcdModel;
}

/** Loads a bundle into a ready-to-run tfjs model. */
export async function loadBundle(directory: string): Promise<LoadedBundle> {
  const { manifest, config, metadata } = await readBundleDescription(directory);
  const weightsManifest = await readBundleJson<WeightsManifest>(directory, BUNDLE_FILES.weightsManifest);
  const weights = await readWeights(path.join(directory, BUNDLE_FILES.weights), weightsManifest);
  const model = new EcdModel(config, metadata, manifest.seed);
  model.params.restore(weights);
  applyCalibration(model, manifest.calibration);
  return { directory, manifest, config, metadata, model };
}
