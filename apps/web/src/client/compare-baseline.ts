/**
 * The oldest of the compared runs (lowest version, then earliest run) is the baseline, whatever
 * order they were picked in: a newer version's additions must read as additions, not deletions.
 */
export function baselineFirst<T extends { id: string; createdAt: string }>(runs: T[], version: (id: string) => number | undefined): T[] {
  return [...runs].sort((a, b) => (version(a.id) ?? Infinity) - (version(b.id) ?? Infinity) || a.createdAt.localeCompare(b.createdAt));
}
