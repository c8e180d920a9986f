import { BUNDLE_MODELS_DIR, copyPretrainedModels } from '../preprocessing/pretrained/bundle-models.js';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CONFIG_VERSION, type ResolvedConfig } from '@overture/config';
import { serializeMetadata, type TrainingSetMetadata } from '../preprocessing/index.js';
import type { EcdModel } from '../model/ecd.js';
import { writeWeights } from '../training/weights-file.js';
import { BUNDLE_FILES, BUNDLE_FORMAT_VERSION, type BundleManifest } from './format.js';
import { renderModelCard } from './model-card.js';
import { buildModelCard } from './model-card-data.js';
import type { PreprocessingReport } from '../preprocessing/index.js';
import type { FeatureImportanceReport } from '../api/feature-importance.js';
import { exportModelToOnnx } from '../export/export-model.js';
import type { CalibrationReport } from '../calibration/report.js';

export interface SaveBundleArgs {
  directory: string;
  /** The models root the pretrained text encoders were read from (their files are copied into the bundle). */
  modelsDir?: string | null;
  model: EcdModel;
  config: ResolvedConfig;
  metadata: TrainingSetMetadata;
  seed: number;
  progress: Record<string, unknown>;
  statistics: unknown;
  /** Test-split statistics when known, for the model card. */
  testStatistics?: Record<string, unknown> | null;
  datasetName?: string;
  /** Rows, splits and fills, for the model card's data section. */
  report?: PreprocessingReport;
  featureImportance?: FeatureImportanceReport | null;
  /** The temperatures fitted after training (TrainingOutcome.calibration); already set on `model`. */
  calibration?: CalibrationReport | null;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Writes a model bundle, including model.onnx (the inference graph serving runs). */
export async function saveBundle(args: SaveBundleArgs): Promise<void> {
  const { directory, model } = args;
  // A pretrained text encoder travels with the model (serving runs it before model.onnx).
  await copyPretrainedModels(args.metadata, args.modelsDir ?? null, path.join(directory, BUNDLE_MODELS_DIR));
  await fs.mkdir(path.join(directory, BUNDLE_FILES.weightsDir), { recursive: true });
  const manifest: BundleManifest = {
    format_version: BUNDLE_FORMAT_VERSION,
    overture_version: CONFIG_VERSION,
    created: new Date().toISOString(),
    backend: tf.getBackend(),
    seed: args.seed,
    parameters: model.params.parameterCount(),
    ...(args.calibration ? { calibration: args.calibration } : {}),
  };
  const card = buildModelCard({ ...args, manifest });
  const weightsManifest = await writeWeights(path.join(directory, BUNDLE_FILES.weights), model.params.snapshot());
  await Promise.all([
    fs.writeFile(path.join(directory, BUNDLE_FILES.weightsManifest), json(weightsManifest)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.manifest), json(manifest)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.config), json(args.config)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.metadata), serializeMetadata(args.metadata)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.progress), json(args.progress)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.statistics), json(args.statistics)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.card), renderModelCard(card)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.cardData), json(card)),
    fs.writeFile(path.join(directory, BUNDLE_FILES.onnx), exportModelToOnnx(model)),
  ]);
}
