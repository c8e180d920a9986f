import { OvertureError, PADDING_SYMBOL, START_SYMBOL, STOP_SYMBOL, type TextPreprocessing } from '@overture/config';
import { getTokenizer, type Tokenizer } from '../tokenizers.js';

/** What text preprocessing reads from a feature's preprocessing block (text and sequence alike). */
export type SequencePreprocessingView = Pick<
  TextPreprocessing,
  'tokenizer' | 'vocab_file' | 'sequence_length' | 'max_sequence_length' | 'most_common' | 'padding_symbol' | 'unknown_symbol' | 'padding' | 'lowercase' | 'ngram_size' | 'compute_idf'
>;

/** The vocabulary part of a text feature's training-set metadata, under Ludwig's key names. */
export interface TextVocabulary {
  /** `<EOS>`, `<SOS>`, padding, unknown at 0–3 (Ludwig `SpecialSymbol`), then tokens by frequency. */
  idx2str: string[];
  str2idx: Record<string, number>;
  str2freq: Record<string, number>;
  /**
   * Smoothed idf, ln((1 + documents) / (1 + document frequency)) + 1 (sklearn's `smooth_idf`); 0
   * for symbols never seen in a document. Null unless compute_idf. Ludwig divides the vocabulary
   * size instead of the document count, which turns negative for every token found in more
   * documents than the vocabulary has entries (most tokens of a small vocabulary), so a frequent
   * word would weigh less than an absent one; this departs from it on purpose.
   */
  str2idf: Record<string, number> | null;
  vocab_size: number;
  /** Sequence length every row is padded or truncated to (start and stop symbols included). */
  max_sequence_length: number;
  max_sequence_length_99ptile: number;
  pad_idx: number;
  padding_symbol: string;
  unknown_symbol: string;
  /** Training rows longer than max_sequence_length (truncated; for the report, Ludwig logs it). */
  truncated_rows: number;
}

interface TokenCount {
  count: number;
  documents: number;
  lastDocument: number;
}

/** The tokenizer of a feature, lowercasing first when it asks for it (Ludwig lowercases before tokenizing). */
export function textTokenizer(p: SequencePreprocessingView, featureName: string): Tokenizer {
  const tokenize = getTokenizer(p.tokenizer, featureName, { ngram_size: p.ngram_size });
  return p.lowercase ? (text) => tokenize(text.toLowerCase()) : tokenize;
}

/** Start and stop symbols surround every sequence; the padding and unknown symbols follow. */
function specialSymbols(p: SequencePreprocessingView, featureName: string): string[] {
  const symbols = [STOP_SYMBOL, START_SYMBOL, p.padding_symbol, p.unknown_symbol];
  if (new Set(symbols).size !== symbols.length) {
    throw new OvertureError(
      'invalid_config',
      `Feature '${featureName}': padding_symbol '${p.padding_symbol}' and unknown_symbol '${p.unknown_symbol}' must differ from each other and from ${STOP_SYMBOL} and ${START_SYMBOL}.`,
      [{ path: `${featureName}.preprocessing.padding_symbol`, message: 'special symbols must be distinct' }],
    );
  }
  return symbols;
}

/**
 * Counts tokens one document at a time (nothing of the column is kept but the counts), then
 * builds Ludwig's vocabulary (`create_vocabulary`): the `most_common` most frequent tokens, ties
 * in order of first appearance, or the tokens of `vocab_file`, behind the four special symbols.
 */
export class TextVocabularyBuilder {
  /** Per token: occurrences, documents it is in, and the last document counted (one lookup a token). */
  readonly #counts = new Map<string, TokenCount>();
  readonly #computeIdf: boolean;
  /** Documents by token count, for the longest and the 99th percentile. */
  readonly #lengths = new Map<number, number>();
  readonly #tokenize: Tokenizer;
  readonly #specials: string[];
  #documents = 0;
  #documentsWeighted = 0;

  constructor(
    private readonly p: SequencePreprocessingView,
    private readonly featureName: string,
    private readonly vocabFile?: readonly string[],
  ) {
    this.#tokenize = textTokenizer(p, featureName);
    this.#specials = specialSymbols(p, featureName);
    this.#computeIdf = p.compute_idf;
  }

  addText(text: string): void {
    this.addTokens(this.#tokenize(text));
  }

  /** Counts one document's tokens (`times` identical documents, e.g. the fill value of missing cells). */
  addTokens(tokens: readonly string[], times = 1): void {
    const document = ++this.#documents;
    this.#documentsWeighted += times;
    this.#lengths.set(tokens.length, (this.#lengths.get(tokens.length) ?? 0) + times);
    const counts = this.#counts;
    for (let i = 0; i < tokens.length; i++) {
      const entry = counts.get(tokens[i]);
      if (entry === undefined) {
        counts.set(tokens[i], { count: times, documents: times, lastDocument: document });
      } else {
        entry.count += times;
        if (entry.lastDocument !== document) {
          entry.documents += times;
          entry.lastDocument = document;
        }
      }
    }
  }

  finish(): TextVocabulary {
    const p = this.p;
    const specials = this.#specials;
    const isSpecial = new Set(specials);
    let tokens: string[];
    if (this.vocabFile !== undefined) {
      tokens = this.vocabFile.filter((t) => !isSpecial.has(t));
    } else {
      // Stable sort: equal counts keep the order in which tokens first appeared, as Counter.most_common.
      const entries = [...this.#counts].sort((a, b) => b[1].count - a[1].count);
      tokens = [];
      for (let i = 0; i < entries.length && tokens.length < p.most_common; i++) if (!isSpecial.has(entries[i][0])) tokens.push(entries[i][0]);
    }
    const idx2str = [...specials, ...tokens];
    const str2idx = Object.fromEntries(idx2str.map((s, i) => [s, i]));
    const counts = this.#counts;
    const documents = this.#documentsWeighted;
    const str2freq = Object.fromEntries(idx2str.map((s) => [s, counts.get(s)?.count ?? 0]));
    const str2idf = !this.#computeIdf
      ? null
      : Object.fromEntries(idx2str.map((s) => {
          const df = counts.get(s)?.documents;
          return [s, df === undefined ? 0 : Math.log((1 + documents) / (1 + df)) + 1];
        }));
    const { longest, percentile99 } = this.#lengthStatistics();
    const dataLength = longest + 2;
    const data99 = percentile99 + 2;
    let maxLength = dataLength;
    let max99 = data99;
    if (p.sequence_length !== null) {
      maxLength = p.sequence_length;
      max99 = p.sequence_length;
    } else if (p.max_sequence_length !== null) {
      maxLength = Math.min(dataLength, p.max_sequence_length);
      max99 = Math.min(data99, p.max_sequence_length);
    }
    let truncated = 0;
    for (const [length, count] of this.#lengths) if (length + 2 > maxLength) truncated += count;
    return {
      idx2str,
      str2idx,
      str2freq,
      str2idf,
      vocab_size: idx2str.length,
      max_sequence_length: maxLength,
      max_sequence_length_99ptile: max99,
      pad_idx: 2,
      padding_symbol: p.padding_symbol,
      unknown_symbol: p.unknown_symbol,
      truncated_rows: truncated,
    };
  }

  /** Longest document and pandas' quantile(0.99) (linear interpolation) of the token counts. */
  #lengthStatistics(): { longest: number; percentile99: number } {
    if (this.#documentsWeighted === 0) return { longest: 0, percentile99: 0 };
    const sorted = [...this.#lengths].sort((a, b) => a[0] - b[0]);
    const position = 0.99 * (this.#documentsWeighted - 1);
    const valueAt = (rank: number): number => {
      let seen = 0;
      for (const [length, count] of sorted) {
        seen += count;
        if (rank < seen) return length;
      }
      return sorted[sorted.length - 1][0];
    };
    const low = valueAt(Math.floor(position));
    const high = valueAt(Math.ceil(position));
    return { longest: sorted[sorted.length - 1][0], percentile99: low + (high - low) * (position - Math.floor(position)) };
  }
}
