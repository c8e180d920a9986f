import type { TokenSequenceMetadata } from './types.js';

/**
 * A text or sequence output's model output for one row → Ludwig's prediction columns
 * (`ludwig/features/sequence_feature.py` `postprocess_predictions`) and the text a person reads:
 *
 * - `<name>_predictions`: the token of every step up to max_sequence_length, special symbols
 *   included (an id outside the vocabulary reads as the unknown symbol), as Ludwig's;
 * - `<name>_probabilities`: the winning probability of every step (Ludwig's
 *   `compute_token_probabilities`, the full [steps, vocab] matrix is not kept);
 * - `<name>_probability`: the sequence's log probability, Σ log p over those steps (Ludwig's
 *   `compute_sequence_probability(return_log_prob=True)`);
 * - `text`: the tokens between the start symbol and the first stop or padding symbol, joined by
 *   the tokenizer's separator — the `{"prediction": "…"}` of DESIGN.md's REST answer.
 */
export interface SequencePrediction {
  tokens: string[];
  probabilities: number[];
  logProbability: number;
  text: string;
}

type SequenceVocabulary = Pick<TokenSequenceMetadata, 'idx2str' | 'max_sequence_length' | 'pad_idx' | 'unknown_symbol' | 'preprocessing'> & { str2idx: Record<string, number> };

/** The separator tokens are joined with: the one the tokenizer splits on, else a space. */
const separators: Record<string, string> = { comma: ',', underscore: '_', characters: '', untokenized: '', stripped: '' };

export function tokenSeparator(tokenizer: string): string {
  return separators[tokenizer] ?? ' ';
}

/**
 * `ids` are the predicted ids of the row's steps; `stepProbabilities` the probability of each
 * predicted id (same length). Steps beyond max_sequence_length are not read.
 */
export function decodeSequence(meta: SequenceVocabulary, ids: ArrayLike<number>, stepProbabilities: ArrayLike<number>): SequencePrediction {
  const steps = Math.min(ids.length, meta.max_sequence_length);
  const { idx2str } = meta;
  const start = meta.str2idx['<SOS>'];
  const stop = meta.str2idx['<EOS>'];
  const tokens: string[] = [];
  const probabilities: number[] = [];
  const span: string[] = [];
  let logProbability = 0;
  let open = true;
  for (let t = 0; t < steps; t++) {
    const id = ids[t];
    const token = Number.isInteger(id) && id >= 0 && id < idx2str.length ? idx2str[id] : meta.unknown_symbol;
    tokens.push(token);
    const p = stepProbabilities[t];
    probabilities.push(p);
    logProbability += Math.log(p);
    if (t === 0 && id === start) continue;
    if (id === stop || id === meta.pad_idx) open = false;
    if (open) span.push(token);
  }
  return { tokens, probabilities, logProbability, text: span.join(tokenSeparator(meta.preprocessing.tokenizer)) };
}

/**
 * One row of a tagger's per-step probabilities (row-major [steps, vocabSize] inside `values`,
 * starting at `from`) → the most probable id of each of the first `steps` steps and its probability.
 */
export function stepArgmax(values: ArrayLike<number>, from: number, steps: number, vocabSize: number): { ids: Int32Array; probabilities: Float32Array } {
  const ids = new Int32Array(steps);
  const probabilities = new Float32Array(steps);
  for (let t = 0; t < steps; t++) {
    const base = from + t * vocabSize;
    let best = 0;
    for (let v = 1; v < vocabSize; v++) if (values[base + v] > values[base + best]) best = v;
    ids[t] = best;
    probabilities[t] = values[base + best];
  }
  return { ids, probabilities };
}
