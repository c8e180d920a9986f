/**
 * "Did you mean …?" for misspelt keys and values: the nearest candidate by optimal string alignment
 * distance (Damerau–Levenshtein with adjacent transpositions), case-insensitive.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => {
    const row = new Array<number>(t.length + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * `editDistance(a, b)` when it is at most `limit`, else `limit + 1`. Only the diagonal band
 * |i − j| ≤ limit is computed, so a comparison costs O(length × limit) and a pair whose lengths differ
 * by more than `limit` costs nothing: a did-you-mean over 20,000 column names stays fast.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const m = s.length;
  const n = t.length;
  if (Math.abs(m - n) > limit) return limit + 1;
  const far = limit + 1;
  let before = new Array<number>(n + 1).fill(far); // row i − 2
  let previous = new Array<number>(n + 1).fill(far); // row i − 1
  let current = new Array<number>(n + 1).fill(far);
  for (let j = 0; j <= Math.min(n, limit); j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current.fill(far);
    if (i <= limit) current[0] = i;
    let rowMin = current[0];
    for (let j = Math.max(1, i - limit); j <= Math.min(n, i + limit); j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = Math.min(d, far);
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin > limit) return far;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[n], far);
}

/** The closest candidate within `maxDistance` (scaled down for short words), or undefined. */
export function nearest(word: string, candidates: Iterable<string>, maxDistance = 3): string | undefined {
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(word.length / 2)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    // A candidate that merely differs in case counts as distance 0.
    const effective = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistanceWithin(word, candidate, limit);
    if (effective <= limit && effective < bestDistance) {
      best = candidate;
      bestDistance = effective;
    }
  }
  return best;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = nearest(word, candidates);
  return match === undefined ? undefined : `did you mean '${match}'?`;
}
