import type { ErrorDetail } from './errors.js';
import { defaultConfigLimits } from './limits.js';

/**
 * Collects problems, keeping the first `limit` and counting the rest. A problem is built by a
 * function that only runs while there is room, so the did-you-mean search (the costly part) runs
 * for the reported problems only: 30,000 unknown keys cost 30,000 increments, not 30,000 searches.
 */
export class ProblemList {
  readonly items: ErrorDetail[] = [];
  total = 0;

  constructor(readonly limit = defaultConfigLimits.maxReportedProblems) {}

  add(make: () => ErrorDetail): void {
    this.total++;
    if (this.items.length < this.limit) this.items.push(make());
  }

  /** `count` problems, the i-th built by `make(i)`. */
  addMany(count: number, make: (i: number) => ErrorDetail): void {
    for (let i = 0; i < count && this.items.length < this.limit; i++) this.items.push(make(i));
    this.total += count;
  }

  /** Already-built problems (e.g. from another list), counted with their own total. */
  addAll(details: readonly ErrorDetail[], total = details.length): void {
    for (const detail of details) {
      if (this.items.length >= this.limit) break;
      this.items.push(detail);
    }
    this.total += total;
  }
}
