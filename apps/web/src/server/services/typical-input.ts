/** What the playground needs to prefill an input when the run has no dataset profile (an imported model). */
export interface TypicalInput {
  /** A typical value as text (a number's training mean, the most frequent category), or null. */
  typical: string | null;
  /** The known values of a category or binary input, most frequent first (at most 30). */
  choices: string[];
}

const UNKNOWN = '<UNK>';

/**
 * A typical value of an input from the bundle's training-set metadata (Ludwig's
 * `training_set_metadata.json`: `mean` of number features, `str2freq` of categories, `bool2str` of binaries).
 */
export function typicalInput(metadata: unknown): TypicalInput {
  const meta = (metadata && typeof metadata === 'object' ? metadata : {}) as Record<string, unknown>;
  if (meta.type === 'number' && typeof meta.mean === 'number' && Number.isFinite(meta.mean)) {
    return { typical: String(Number(meta.mean.toPrecision(4))), choices: [] };
  }
  if (meta.type === 'category' && meta.str2freq && typeof meta.str2freq === 'object') {
    const choices = Object.entries(meta.str2freq as Record<string, number>)
      .filter(([value, count]) => value !== UNKNOWN && value !== '' && typeof count === 'number')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(([value]) => value);
    return { typical: choices[0] ?? null, choices };
  }
  if (meta.type === 'binary' && Array.isArray(meta.bool2str)) {
    const choices = (meta.bool2str as unknown[]).map(String);
    return { typical: null, choices };
  }
  return { typical: null, choices: [] };
}
