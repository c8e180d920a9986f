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

/** Rows of the banded table, reused between calls (a did-you-mean compares one word with thousands of names). */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * `editDistance(a, b)` when it is at most `limit`, else `limit + 1`. Only the diagonal band
 * |i − j| ≤ limit is computed, so a comparison costs O(length × limit) and a pair whose lengths differ
 * by more than `limit` costs nothing: a did-you-mean over 20,000 column names stays fast.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  const far = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return far;
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const m = s.length;
  const n = t.length;
  if (rows[0].length < n + 1) rows = [new Int32Array(2 * n + 2), new Int32Array(2 * n + 2), new Int32Array(2 * n + 2)];
  let [before, previous, current] = rows; // rows i − 2, i − 1, i
  previous.fill(far, 0, n + 1);
  for (let j = 0; j <= Math.min(n, limit); j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current.fill(far, 0, n + 1);
    if (i <= limit) current[0] = i;
    let rowMin = current[0];
    const si = s.charCodeAt(i - 1);
    for (let j = Math.max(1, i - limit); j <= Math.min(n, i + limit); j++) {
      const tj = t.charCodeAt(j - 1);
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (si === tj ? 0 : 1));
      if (i > 1 && j > 1 && si === t.charCodeAt(j - 2) && s.charCodeAt(i - 2) === tj) d = Math.min(d, before[j - 2] + 1);
      current[j] = d < far ? d : far;
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
