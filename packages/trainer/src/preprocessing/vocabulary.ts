/** Ludwig's unknown symbol: index 0 of every input vocabulary. */
export const UNKNOWN_SYMBOL = '<UNK>';

export interface Vocabulary {
  idx2str: string[];
  str2idx: Record<string, number>;
  str2freq: Record<string, number>;
  vocab_size: number;
}

/**
 * A vocabulary from value counts: most frequent first (ties by value), at most `mostCommon`
 * entries besides `<UNK>`, which leads input vocabularies. `<UNK>`'s frequency is how often the
 * literal symbol occurred (e.g. as a fill value), as in Ludwig's `create_vocabulary`.
 */
export function buildVocabulary(counts: Map<string, number>, mostCommon: number, addUnknown: boolean): Vocabulary {
  const entries: [string, number][] = [];
  for (const entry of counts) if (!(addUnknown && entry[0] === UNKNOWN_SYMBOL)) entries.push(entry);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const idx2str: string[] = addUnknown ? [UNKNOWN_SYMBOL] : [];
  const limit = Math.min(entries.length, Math.max(0, mostCommon));
  for (let i = 0; i < limit; i++) idx2str.push(entries[i][0]);
  // Object.fromEntries defines own properties, so a value such as "__proto__" is stored safely.
  const str2idx = Object.fromEntries(idx2str.map((s, i) => [s, i]));
  const str2freq = Object.fromEntries(idx2str.map((s) => [s, counts.get(s) ?? 0]));
  return { idx2str, str2idx, str2freq, vocab_size: idx2str.length };
}

/** Lookup map for encoding (a Map, not the JSON record, so any string is a safe key). */
export function indexOfVocabulary(idx2str: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (let i = 0; i < idx2str.length; i++) map.set(idx2str[i], i);
  return map;
}
