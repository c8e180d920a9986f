import { START_SYMBOL, STOP_SYMBOL } from '@overture/config';
import type { Tokenizer } from '../tokenizers.js';
import type { TextVocabulary } from './text-vocabulary.js';

/** What encoding one row found, for reports and prediction warnings. */
export interface TextRowStats {
  /** The row had more tokens than fit and was cut. */
  truncated: boolean;
  /** Tokens outside the vocabulary (encoded as the unknown symbol). */
  unknown: number;
}

/**
 * Encodes texts with a built vocabulary into Ludwig's padded id sequences
 * (`build_sequence_matrix`): `<SOS>`, the token ids, `<EOS>`, padded on the configured side to
 * max_sequence_length and cut at its end when longer (the stop symbol is then lost, as in Ludwig).
 */
export class TextSequenceEncoder {
  readonly length: number;
  readonly #index: Map<string, number>;
  readonly #unknown: number;
  readonly #start: number;
  readonly #stop: number;
  readonly #pad: number;
  readonly #idf: Float32Array | null;
  readonly #scratch: Int32Array;

  constructor(
    private readonly vocabulary: Pick<TextVocabulary, 'idx2str' | 'str2idf' | 'max_sequence_length' | 'pad_idx' | 'unknown_symbol'>,
    private readonly tokenize: Tokenizer,
    private readonly padding: 'left' | 'right',
  ) {
    this.length = vocabulary.max_sequence_length;
    // A Map, not the JSON record, so a token such as "__proto__" is an ordinary key.
    this.#index = new Map(vocabulary.idx2str.map((s, i) => [s, i]));
    this.#unknown = this.#index.get(vocabulary.unknown_symbol) as number;
    this.#start = this.#index.get(START_SYMBOL) as number;
    this.#stop = this.#index.get(STOP_SYMBOL) as number;
    this.#pad = vocabulary.pad_idx;
    const str2idf = vocabulary.str2idf;
    this.#idf = str2idf === null ? null : Float32Array.from(vocabulary.idx2str, (s) => str2idf[s] ?? 0);
    this.#scratch = new Int32Array(this.length);
  }

  get vocabSize(): number {
    return this.vocabulary.idx2str.length;
  }

  /** Writes the row's `length` ids at `out[offset…]`. `tokens` replaces tokenizing (fill values). */
  encodeInto(text: string, out: Int32Array, offset: number, tokens?: readonly string[]): TextRowStats {
    const units = tokens ?? this.tokenize(text);
    const length = this.length;
    const full = units.length + 2;
    const limit = Math.min(full, length);
    const start = this.padding === 'right' ? offset : offset + length - limit;
    out.fill(this.#pad, offset, offset + length);
    let unknown = 0;
    let w = start;
    const end = start + limit;
    if (limit > 0) out[w++] = this.#start;
    let i = 0;
    for (; i < units.length && w < end; i++) {
      const id = this.#index.get(units[i]);
      if (id === undefined) unknown++;
      out[w++] = id ?? this.#unknown;
    }
    if (w < end) out[w] = this.#stop;
    // Unknown tokens past the cut still count: the row's text had them.
    for (; i < units.length; i++) if (!this.#index.has(units[i])) unknown++;
    return { truncated: full > length, unknown };
  }

  /**
   * Ludwig's `tf_idf` encoder on one row: term frequency over the padded id sequence (count /
   * max_sequence_length, special symbols included), times each id's idf; width vocab_size.
   */
  tfidfInto(text: string, out: Float32Array, offset: number, tokens?: readonly string[]): TextRowStats {
    const idf = this.#idf;
    if (idf === null) throw new Error('tfidfInto needs a vocabulary built with compute_idf');
    const ids = this.#scratch;
    const stats = this.encodeInto(text, ids, 0, tokens);
    out.fill(0, offset, offset + idf.length);
    const weight = 1 / this.length;
    for (let i = 0; i < ids.length; i++) out[offset + ids[i]] += weight;
    for (let j = 0; j < idf.length; j++) out[offset + j] *= idf[j];
    return stats;
  }
}
