import path from 'node:path';
import { OvertureError, type ResolvedConfig } from '@overture/config';
import type { TrainingSetMetadata } from '../preprocessing/index.js';
import { readWeights, type WeightsManifest } from '../training/weights-file.js';
import { BUNDLE_FILES } from '../bundle/format.js';
import { readBundleDescription, readBundleJson } from '../bundle/read-bundle.js';
import { EcdModel } from './ecd.js';
import type { NamedArrays } from './parameters.js';

/** Values listed by name in a warning; the rest are counted. */
const LISTED = 10;

function vocabularyOf(metadata: TrainingSetMetadata, feature: string): string[] | null {
  const meta = metadata[feature] as { idx2str?: string[]; bool2str?: string[] } | undefined;
  return meta?.idx2str ?? null;
}

/** The feature a parameter belongs to (`encoders.<f>.…`, `decoders.<f>.…`), when its name says. */
function featureOf(name: string, features: readonly string[]): string | null {
  for (const prefix of ['encoders.', 'decoders.']) {
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    // The longest feature name that prefixes the rest (a feature may be named like another's prefix).
    let best: string | null = null;
    for (const f of features) if (rest.startsWith(`${f}.`) && (best === null || f.length > best.length)) best = f;
    return best;
  }
  return null;
}

/**
 * Copies `from` into `to` along `axis`, slice by slice, where the same vocabulary entry exists in
 * both (old index → new index); slices of entries new to the data keep `to`'s initial values.
 */
function remapAlong(from: { shape: number[]; values: Float32Array }, to: { shape: number[]; values: Float32Array }, axis: number, oldToNew: Int32Array): Float32Array {
  const out = Float32Array.from(to.values);
  const inner = to.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = to.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const oldDim = from.shape[axis];
  const newDim = to.shape[axis];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < oldDim; i++) {
      const j = oldToNew[i];
      if (j < 0) continue;
      out.set(from.values.subarray((o * oldDim + i) * inner, (o * oldDim + i + 1) * inner), (o * newDim + j) * inner);
    }
  }
  return out;
}

/**
 * Ludwig's `model_load_path`: the weights of a trained bundle as the starting point of training on
 * new data. Parameters with the same name and shape start from the bundle's values; a table or head
 * indexed by a vocabulary that changed (values new to this data, or gone) keeps the rows of the
 * values both know, and new values start from their initializers, with a warning naming them.
 * Anything else that differs in shape starts from its initializer, with a warning. Numbers are
 * normalized with the new data's statistics (the weights meet values on the new data's scale).
 */
export async function warmStartWeights(
  bundleDirectory: string, config: ResolvedConfig, metadata: TrainingSetMetadata, seed: number, log: (message: string) => void,
): Promise<NamedArrays> {
  let old: { config: ResolvedConfig; metadata: TrainingSetMetadata; weights: NamedArrays };
  try {
    const description = await readBundleDescription(bundleDirectory);
    const manifest = await readBundleJson<WeightsManifest>(bundleDirectory, BUNDLE_FILES.weightsManifest);
    old = { config: description.config, metadata: description.metadata, weights: await readWeights(path.join(bundleDirectory, BUNDLE_FILES.weights), manifest) };
  } catch (error) {
    throw new OvertureError('invalid_config', `model_load_path '${bundleDirectory}' is not a model bundle Overture can load (${(error as Error).message})`);
  }
  // The new model's parameters, at their initial values: the shapes to fill, and what new vocabulary rows start from.
  const fresh = new EcdModel(config, metadata, seed);
  const initial = fresh.params.snapshot();
  fresh.dispose();

  const features = [...config.input_features, ...config.output_features].map((f) => f.name);
  const out: NamedArrays = Object.create(null) as NamedArrays;
  const restarted: string[] = [];
  const reported = new Set<string>();
  let copied = 0;
  for (const [name, target] of Object.entries(initial)) {
    const source = Object.hasOwn(old.weights, name) ? old.weights[name] : undefined;
    if (!source) {
      restarted.push(`${name} (new)`);
      continue;
    }
    if (source.shape.length === target.shape.length && source.shape.every((d, i) => d === target.shape[i])) {
      const feature = featureOf(name, features);
      const oldVocab = feature ? vocabularyOf(old.metadata, feature) : null;
      const newVocab = feature ? vocabularyOf(metadata, feature) : null;
      // Same size but reordered (the most common value changed): rows still follow their values.
      const axis = oldVocab && newVocab && oldVocab.some((v, i) => v !== newVocab[i]) ? reorderAxis(name, source.shape, oldVocab.length) : -1;
      out[name] = axis >= 0 ? { shape: target.shape, values: remapAlong(source, target, axis, indexMap(oldVocab!, newVocab!)) } : { shape: target.shape, values: source.values };
      copied++;
      continue;
    }
    const feature = featureOf(name, features);
    const oldVocab = feature ? vocabularyOf(old.metadata, feature) : null;
    const newVocab = feature ? vocabularyOf(metadata, feature) : null;
    const axis = oldVocab && newVocab ? vocabularyAxis(source.shape, target.shape, oldVocab.length, newVocab.length) : -1;
    if (axis < 0) {
      restarted.push(`${name} ([${source.shape.join(', ')}] in the bundle, [${target.shape.join(', ')}] now)`);
      continue;
    }
    out[name] = { shape: target.shape, values: remapAlong(source, target, axis, indexMap(oldVocab!, newVocab!)) };
    copied++;
    if (!reported.has(feature!)) {
      reported.add(feature!);
      const known = new Set(oldVocab);
      const added = newVocab!.filter((v) => !known.has(v));
      const kept = new Set(newVocab);
      const dropped = oldVocab!.filter((v) => !kept.has(v));
      log(`warning: feature '${feature}': the vocabulary changed from the loaded model's: ${added.length} new value${added.length === 1 ? '' : 's'}${listed(added)} start from their initializers${dropped.length > 0 ? `; ${dropped.length} value${dropped.length === 1 ? '' : 's'} the new data lacks${listed(dropped)} are dropped` : ''}`);
    }
  }
  const unused = Object.keys(old.weights).filter((name) => !Object.hasOwn(initial, name));
  log(`model_load_path: ${copied} of ${Object.keys(initial).length} parameters start from '${bundleDirectory}'`);
  if (restarted.length > 0) log(`warning: model_load_path: ${restarted.length} parameters start from their initializers: ${restarted.slice(0, LISTED).join('; ')}${restarted.length > LISTED ? '; …' : ''}`);
  if (unused.length > 0) log(`model_load_path: ${unused.length} parameters of the loaded model are not in this one (${unused.slice(0, LISTED).join(', ')}${unused.length > LISTED ? ', …' : ''})`);
  if (copied === 0) throw new OvertureError('invalid_config', `model_load_path '${bundleDirectory}': none of its parameters fits this config (another architecture or other features); train from scratch instead`);
  return out;
}

function listed(values: string[]): string {
  return values.length === 0 ? '' : ` (${values.slice(0, LISTED).map((v) => `'${v}'`).join(', ')}${values.length > LISTED ? ', …' : ''})`;
}

function indexMap(oldVocab: readonly string[], newVocab: readonly string[]): Int32Array {
  const at = new Map<string, number>();
  newVocab.forEach((v, i) => { if (!at.has(v)) at.set(v, i); });
  return Int32Array.from(oldVocab, (v) => at.get(v) ?? -1);
}

/** The one axis where the shapes differ, if it runs along the vocabulary (old size → new size). */
function vocabularyAxis(from: number[], to: number[], oldSize: number, newSize: number): number {
  if (from.length !== to.length) return -1;
  const differing = from.map((d, i) => (d === to[i] ? -1 : i)).filter((i) => i >= 0);
  if (differing.length !== 1) return -1;
  const axis = differing[0];
  return from[axis] === oldSize && to[axis] === newSize ? axis : -1;
}

/**
 * Where a same-shaped parameter runs along its feature's vocabulary: an encoder's table by its rows,
 * a decoder's head by its last axis (one score per class).
 */
function reorderAxis(name: string, shape: number[], vocabSize: number): number {
  if (name.startsWith('encoders.') && name.endsWith('.embeddings')) return shape[0] === vocabSize ? 0 : -1;
  if (name.startsWith('decoders.')) return shape[shape.length - 1] === vocabSize ? shape.length - 1 : -1;
  return -1;
}
