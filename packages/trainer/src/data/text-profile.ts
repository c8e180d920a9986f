import { ZTextPreprocessing, type TextColumnProfile } from '@overture/config';
import { getTokenizer } from '../preprocessing/tokenizers.js';

/**
 * Token statistics of a text column, as Ludwig's default text preprocessing sees it (tokenizer,
 * lowercasing and max_sequence_length read from the config schema's defaults, so they follow it).
 *
 * Streaming and bounded: values are fed one at a time (a distinct value with its row count), each
 * is tokenized, counted and dropped. Token lengths go into a map keyed by length (at most a few
 * thousand keys). Token counts use cap-and-prune: the dictionary holds at most `maxTokens` entries;
 * when full, every entry at or below the median count is dropped and that count remembered as the
 * error bound (a token's reported count is low by at most the largest pruned count, as in lossy
 * counting). Frequent tokens survive prunes, so the top tokens are right whenever they are clearly
 * more frequent than the tail.
 */
export interface TextProfileOptions {
  /** Token dictionary cap (default 50,000 entries, a few MB). */
  maxTokens?: number;
}

const defaults = ZTextPreprocessing.parse({});
const topTokenCount = 20;
const exampleCount = 5;
const exampleChars = 300;
const histogramBins = 20;
const defaultMaxTokens = 50_000;

export class TextProfiler {
  readonly #tokenize = getTokenizer(defaults.tokenizer, 'profile');
  readonly #maxTokens: number;
  readonly #tokens = new Map<string, number>();
  readonly #lengths = new Map<number, number>();
  readonly #examples: string[] = [];
  #pruned = 0;
  #capped = false;
  #rows = 0;
  #truncated = 0;
  #tokenSum = 0;
  // Rows are truncated when their tokens plus the start and stop symbols exceed max_sequence_length.
  readonly #maxSequenceLength = defaults.max_sequence_length ?? Number.POSITIVE_INFINITY;

  constructor(options: TextProfileOptions = {}) {
    this.#maxTokens = Math.max(2, options.maxTokens ?? defaultMaxTokens);
  }

  /** Counts one value seen in `rows` rows (a distinct value and its count, or 1). */
  add(value: string, rows = 1): void {
    const tokens = this.#tokenize(defaults.lowercase ? value.toLowerCase() : value);
    this.#rows += rows;
    this.#tokenSum += tokens.length * rows;
    this.#lengths.set(tokens.length, (this.#lengths.get(tokens.length) ?? 0) + rows);
    if (tokens.length + 2 > this.#maxSequenceLength) this.#truncated += rows;
    if (this.#examples.length < exampleCount && value.trim() !== '') {
      this.#examples.push(value.length > exampleChars ? `${value.slice(0, exampleChars)}…` : value);
    }
    for (const token of tokens) {
      const count = this.#tokens.get(token);
      if (count !== undefined) this.#tokens.set(token, count + rows);
      else {
        if (this.#tokens.size >= this.#maxTokens) this.#prune();
        this.#tokens.set(token, rows);
      }
    }
  }

  /** Drops every token at or below the median count (at least half the dictionary). */
  #prune(): void {
    const counts = Float64Array.from(this.#tokens.values()).sort();
    const threshold = counts[Math.floor(counts.length / 2)];
    for (const [token, count] of this.#tokens) if (count <= threshold) this.#tokens.delete(token);
    this.#pruned = Math.max(this.#pruned, threshold);
    this.#capped = true;
  }

  result(): TextColumnProfile {
    const maxTokens = Math.max(0, ...this.#lengths.keys());
    return {
      tokenizer: defaults.tokenizer,
      lowercase: defaults.lowercase,
      rows: this.#rows,
      meanTokens: this.#rows === 0 ? 0 : this.#tokenSum / this.#rows,
      maxTokens,
      lengthHistogram: lengthHistogram(this.#lengths, maxTokens),
      topTokens: topTokens(this.#tokens),
      tokenDictionaryCapped: this.#capped,
      tokenCountError: this.#pruned,
      examples: this.#examples,
      maxSequenceLength: defaults.max_sequence_length ?? 0,
      truncatedRows: this.#truncated,
      truncatedRatio: this.#rows === 0 ? 0 : this.#truncated / this.#rows,
    };
  }
}

/** Whole-number bins [start, end) over 0..max (the last one closed), at most 20. */
function lengthHistogram(lengths: Map<number, number>, max: number): TextColumnProfile['lengthHistogram'] {
  if (lengths.size === 0) return [];
  const width = Math.max(1, Math.ceil((max + 1) / histogramBins));
  const bins = Math.ceil((max + 1) / width);
  const histogram = Array.from({ length: bins }, (_, b) => ({ start: b * width, end: Math.min(max, (b + 1) * width - 1), count: 0 }));
  for (const [length, count] of lengths) histogram[Math.floor(length / width)].count += count;
  return histogram;
}

function topTokens(tokens: Map<string, number>): TextColumnProfile['topTokens'] {
  const top: { token: string; count: number }[] = [];
  for (const [token, count] of tokens) {
    if (top.length === topTokenCount && count <= top[top.length - 1].count) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].count < count) at--;
    top.splice(at, 0, { token, count });
    if (top.length > topTokenCount) top.pop();
  }
  return top;
}
