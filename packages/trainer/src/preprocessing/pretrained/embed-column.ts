import { isPretrainedTextEncoder, OvertureError, pretrainedTextEncoderDefaults, type PretrainedTextEncoderConfig, type TextPreprocessing } from '@overture/config';
import type { TextMetadata } from '../types.js';
import type { DecodedTextEmbeddings } from './decoded-embeddings.js';
import { locatePretrainedModel } from './models-root.js';
import { PretrainedTextEmbedder } from './text-embedder.js';

/** Loaded encoders by ONNX file: a run (training, then its test predictions) loads each once. */
const embedders = new Map<string, Promise<PretrainedTextEmbedder>>();

async function embedderFor(root: string, model: string, feature: string): Promise<PretrainedTextEmbedder> {
  const files = await locatePretrainedModel(root, model, feature);
  let loading = embedders.get(files.onnx);
  if (!loading) {
    loading = PretrainedTextEmbedder.load(files, model);
    embedders.set(files.onnx, loading);
    loading.catch(() => embedders.delete(files.onnx));
  }
  return loading;
}

/** Releases every loaded encoder (tests, and long-lived processes that unload a model). */
export async function releasePretrainedEncoders(): Promise<void> {
  const loaded = [...embedders.values()];
  embedders.clear();
  await Promise.all(loaded.map(async (p) => (await p.catch(() => null))?.release()));
}

export interface PretrainedFeatureView {
  name: string;
  encoder?: unknown;
  preprocessing: unknown;
}

/** Whether a feature is a text input read through a frozen pretrained encoder. */
export function usesPretrainedEncoder(feature: { type: string; encoder?: unknown }): boolean {
  return feature.type === 'text' && isPretrainedTextEncoder((feature.encoder as { type?: unknown } | undefined)?.type);
}


/**
 * Runs a text column through its frozen encoder: every distinct text once. At training the plan
 * comes from the encoder's config (Ludwig's defaults per name); at prediction from the stored
 * metadata, so a bundle embeds exactly as its training did.
 */
export async function embedTextColumn(
  cells: readonly (string | null)[],
  feature: PretrainedFeatureView,
  stored: TextMetadata | undefined,
  modelsDir: string | null,
): Promise<DecodedTextEmbeddings> {
  if (modelsDir === null) {
    throw new OvertureError('invalid_config', `Text feature '${feature.name}' has a pretrained encoder, but this process was given no models root to read it from (OVERTURE_MODELS_DIR, or --models-dir of the CLI).`);
  }
  let plan: DecodedTextEmbeddings['plan'];
  if (stored?.pretrained) {
    const { fill_embedding: _fill, hidden_size: _hidden, ...rest } = stored.pretrained;
    plan = rest;
  } else {
    const encoder = feature.encoder as PretrainedTextEncoderConfig;
    const defaults = pretrainedTextEncoderDefaults[encoder.type];
    const p = feature.preprocessing as TextPreprocessing;
    plan = {
      encoder: encoder.type, model: encoder.pretrained_model_name_or_path, reduce_output: encoder.reduce_output as DecodedTextEmbeddings['plan']['reduce_output'],
      skip: { ...defaults.skip }, cls_pooled: defaults.clsPooled, max_sequence_length: encoder.max_sequence_length ?? p.max_sequence_length ?? 512,
    };
  }
  const embedder = await embedderFor(modelsDir, plan.model, feature.name);
  if (stored?.pretrained && stored.pretrained.hidden_size !== embedder.hiddenSize) {
    throw new OvertureError('invalid_input', `Text feature '${feature.name}': the model was trained on '${plan.model}' embeddings of width ${stored.pretrained.hidden_size}, but ${embedder.files.directory} has hidden_size ${embedder.hiddenSize}.`);
  }
  const h = embedder.hiddenSize;
  // Distinct texts once: labels, templates and repeated rows are common in tabular text.
  const index = new Map<string, number>();
  const distinct: string[] = [];
  const slot = new Int32Array(cells.length).fill(-1);
  cells.forEach((cell, row) => {
    if (cell === null) return;
    let k = index.get(cell);
    if (k === undefined) {
      k = distinct.length;
      index.set(cell, k);
      distinct.push(cell);
    }
    slot[row] = k;
  });
  const embedPlan = { reduceOutput: plan.reduce_output, skip: plan.skip, clsPooled: plan.cls_pooled, maxSequenceLength: plan.max_sequence_length };
  const fillText = stored ? null : (feature.preprocessing as TextPreprocessing).fill_value;
  const vectors = await embedder.embed(fillText === null ? distinct : [...distinct, fillText], embedPlan);
  const embeddings = new Float32Array(cells.length * h);
  for (let row = 0; row < cells.length; row++) {
    if (slot[row] >= 0) embeddings.set(vectors.subarray(slot[row] * h, (slot[row] + 1) * h), row * h);
  }
  const fill = fillText === null ? null : vectors.slice(distinct.length * h, (distinct.length + 1) * h);
  return { hidden: h, embeddings, fill, plan };
}
