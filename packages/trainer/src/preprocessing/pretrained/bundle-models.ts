import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OvertureError } from '@overture/config';
import type { TrainingSetMetadata } from '../types.js';
import { locatePretrainedModel, modelDirectory } from './models-root.js';
import { usesPretrainedEncoder } from './embed-column.js';

/**
 * The bundle's own models root: the pretrained encoders' files, copied from the models root at
 * training in the same layout (`pretrained/<name>/onnx/model.onnx`, tokenizer.json, config.json),
 * so a bundle predicts anywhere without the machine's models root. The cost is the export's size
 * (~440 MB for bert-base-uncased in float32, ~260 MB for distilbert; the tiny test model is KBs).
 */
export const BUNDLE_MODELS_DIR = 'pretrained';

/** The models folder a bundle's predictions read (its copy of the pretrained encoders). */
export function bundleModelsDir(bundleDirectory: string): string {
  return path.join(bundleDirectory, BUNDLE_MODELS_DIR);
}

/** Pretrained model names a bundle's text inputs use. */
export function pretrainedModelsOf(metadata: TrainingSetMetadata): string[] {
  const names = new Set<string>();
  for (const meta of Object.values(metadata)) if (meta.type === 'text' && meta.pretrained) names.add(meta.pretrained.model);
  return [...names];
}

/** Copies each pretrained model the metadata names from `modelsDir` into `target` (nothing when there is none). */
export async function copyPretrainedModels(metadata: TrainingSetMetadata, modelsDir: string | null, target: string): Promise<void> {
  const models = pretrainedModelsOf(metadata);
  if (models.length === 0) return;
  if (modelsDir === null) throw new OvertureError('internal', `The bundle needs the pretrained models ${models.join(', ')} but no models folder was given to copy them from.`);
  for (const model of models) {
    const files = await locatePretrainedModel(modelsDir, model, model);
    const into = modelDirectory(target, model, model);
    if (path.resolve(files.directory) === path.resolve(into)) continue;
    const copies = [files.onnx, files.tokenizer, files.config, ...(files.tokenizerConfig ? [files.tokenizerConfig] : [])];
    // An export over 2 GB keeps its weights beside the graph (ONNX external data).
    for (const extra of [`${files.onnx}_data`, `${files.onnx}.data`]) if (await fs.stat(extra).then((s) => s.isFile(), () => false)) copies.push(extra);
    for (const file of copies) {
      const to = path.join(into, path.relative(files.directory, file));
      await fs.mkdir(path.dirname(to), { recursive: true });
      await fs.copyFile(file, to);
    }
  }
}

/**
 * Checks, before any data is read, that every pretrained text encoder of a config has its files
 * under the models root (the error names the model, the folder, the files and how to place them).
 */
export async function checkPretrainedModels(config: { input_features: readonly { name: string; type: string; encoder?: unknown }[] }, modelsDir: string | null): Promise<void> {
  for (const feature of config.input_features) {
    if (!usesPretrainedEncoder(feature)) continue;
    const name = (feature.encoder as { pretrained_model_name_or_path: string }).pretrained_model_name_or_path;
    if (modelsDir === null) throw new OvertureError('invalid_config', `Text feature '${feature.name}' uses the pretrained model '${name}', but no models root was given (OVERTURE_MODELS_DIR or --models-dir).`);
    await locatePretrainedModel(modelsDir, name, feature.name);
  }
}

/** The models folder of a bundle's predictions: its own copy when it has one, else the given models root. */
export async function predictionModelsDir(bundleDirectory: string, fallback: string | null): Promise<string | null> {
  const own = bundleModelsDir(bundleDirectory);
  return (await fs.stat(own).then((s) => s.isDirectory(), () => false)) ? own : fallback;
}
