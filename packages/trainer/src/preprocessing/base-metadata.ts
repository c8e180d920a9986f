import type { FeatureMetadata } from './types.js';

/** Feature types whose metadata is a vocabulary that new values can be appended to. */
const extendable = new Set(['category', 'set', 'bag']);

export interface BaseMetadataMerge {
  metadata: FeatureMetadata;
  /** Values of this data the base did not know, appended to its vocabulary (in the data's frequency order). */
  added: string[];
}

/**
 * Fine-tuning (Ludwig's model_load_path) preprocesses the new data as the loaded model was
 * trained: its normalization, bins, fill values, sequence lengths and vocabularies, so each weight
 * meets the inputs it was trained on. A category, set or bag vocabulary is extended with the new
 * data's values it lacks (appended: every old value keeps its index); values the new data lacks
 * stay, so no class the model knows is dropped. Another type, or a base of another type, keeps the
 * base as it is (a text vocabulary too: its new tokens read as unknown).
 */
export function mergeWithBase(fresh: FeatureMetadata, base: FeatureMetadata): BaseMetadataMerge {
  if (fresh.type !== base.type) return { metadata: fresh, added: [] };
  if (!extendable.has(base.type)) return { metadata: base, added: [] };
  const old = base as Extract<FeatureMetadata, { type: 'category' | 'set' | 'bag' }>;
  const now = fresh as typeof old;
  const added = now.idx2str.filter((value) => !Object.hasOwn(old.str2idx, value));
  if (added.length === 0) return { metadata: base, added };
  const idx2str = [...old.idx2str, ...added];
  const str2idx: Record<string, number> = Object.create(null) as Record<string, number>;
  idx2str.forEach((value, i) => { str2idx[value] = i; });
  const str2freq: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const value of idx2str) str2freq[value] = (Object.hasOwn(old.str2freq, value) ? old.str2freq[value] : 0) + (Object.hasOwn(now.str2freq, value) ? now.str2freq[value] : 0);
  return { metadata: { ...old, idx2str, str2idx, str2freq, vocab_size: idx2str.length } as FeatureMetadata, added };
}
