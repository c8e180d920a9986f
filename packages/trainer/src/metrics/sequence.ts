import { OvertureError } from '@overture/config';
import { finiteOrNull } from './validate.js';
import type { MetricsOptions, OutputEvaluator } from './types.js';

/**
 * Metrics of a text or sequence output (Ludwig's `token_accuracy`, `sequence_accuracy`,
 * `perplexity`, registered for SEQUENCE and TEXT in `ludwig/modules/metric_modules.py`), plus the
 * edit distances the issue asks for (Ludwig has `edit_distance` as a name and a `CharErrorRate`
 * class whose registration is commented out). Everything here reads token ids in the layout the
 * text/sequence preprocessing writes: `<SOS>` first, the tokens, `<EOS>`, then `<PAD>` (ids of
 * `TokenSequenceMetadata`), row-major `[rows, steps]`.
 *
 * Where Ludwig's definitions depend on batching or on a quirk, these are the exact, whole-split
 * values instead: token accuracy counts every non-padding target step of the split (Ludwig
 * averages per-batch means), and perplexity is exp of the mean negative log-likelihood of the
 * target tokens over those steps (Ludwig feeds probabilities to torchmetrics' Perplexity, which
 * applies a softmax again and counts padding steps).
 */

export interface SequenceIds {
  /** The padding symbol's id (`pad_idx`): steps whose target holds it do not count as tokens. */
  padId: number;
  /** The start and stop symbols' ids, cut off before edit distances (Ludwig: `<SOS>` 1, `<EOS>` 0). */
  startId: number;
  stopId: number;
}

export interface SequenceMetricsInput extends SequenceIds {
  /** Predicted ids, row-major [rows, steps]. */
  predictions: Int32Array;
  /** True ids, row-major [rows, steps]. */
  targets: Int32Array;
  steps: number;
  /**
   * The predicted probability of the true token at each step, row-major [rows, steps]; without
   * it perplexity is not reported.
   */
  targetProbabilities?: Float32Array;
  /** Vocabulary (idx2str), for the character error rate; without it that metric is not reported. */
  vocabulary?: readonly string[];
  /** How tokens join into text for the character error rate (the tokenizer's separator). Default a space. */
  separator?: string;
}

export interface SequenceMetrics {
  /** Correct predictions over the steps whose target is not padding. */
  token_accuracy: number;
  /** Rows whose every step (padding included) is predicted exactly, as Ludwig's. */
  sequence_accuracy: number;
  /** exp(mean −log p(true token)) over the non-padding target steps; null without probabilities. */
  perplexity: number | null;
  /** Mean Levenshtein distance in tokens between the predicted and true token spans (symbols cut off). */
  edit_distance: number;
  /** Character edits over characters of the true texts (torchmetrics' CharErrorRate); null without a vocabulary or a true character. */
  char_error_rate: number | null;
}

/** Probabilities below this count as this (a zero would make perplexity infinite). */
const MIN_PROBABILITY = 1e-12;

function checkShape(input: SequenceMetricsInput): number {
  const { predictions, targets, steps } = input;
  if (!Number.isInteger(steps) || steps < 1) throw new OvertureError('invalid_input', `sequence metrics need at least one step per row (got ${steps}).`);
  if (targets.length !== predictions.length || targets.length % steps !== 0) {
    throw new OvertureError('invalid_input', `sequence metrics: ${predictions.length} predicted and ${targets.length} true ids do not both split into rows of ${steps} steps.`);
  }
  const rows = targets.length / steps;
  if (rows === 0) throw new OvertureError('invalid_input', 'Cannot compute sequence metrics on an empty split: there are no rows to evaluate. Skip the split or give it rows.');
  if (input.targetProbabilities && input.targetProbabilities.length !== targets.length) {
    throw new OvertureError('invalid_input', `sequence metrics: ${input.targetProbabilities.length} target probabilities for ${targets.length} steps.`);
  }
  return rows;
}

/**
 * The tokens of one row between the symbols: a leading start symbol is dropped and the row ends at
 * the first stop or padding symbol (what a decoder's prediction means after that is nothing).
 */
export function tokenSpan(ids: ArrayLike<number>, offset: number, steps: number, symbols: SequenceIds): number[] {
  const out: number[] = [];
  let t = 0;
  if (steps > 0 && ids[offset] === symbols.startId) t = 1;
  for (; t < steps; t++) {
    const id = ids[offset + t];
    if (id === symbols.stopId || id === symbols.padId) break;
    out.push(id);
  }
  return out;
}

/** Levenshtein distance (insertions, deletions, substitutions, each 1) in O(|a|·|b|) time, O(|b|) memory. */
export function editDistance<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

export function computeSequenceMetrics(input: SequenceMetricsInput): SequenceMetrics {
  const rows = checkShape(input);
  const { predictions, targets, steps, padId, targetProbabilities, vocabulary } = input;
  const separator = input.separator ?? ' ';
  let tokens = 0;
  let correct = 0;
  let exactRows = 0;
  let negativeLogLikelihood = 0;
  let editSum = 0;
  let charEdits = 0;
  let charTotal = 0;
  for (let r = 0; r < rows; r++) {
    const offset = r * steps;
    let exact = true;
    for (let t = 0; t < steps; t++) {
      const i = offset + t;
      const same = predictions[i] === targets[i];
      if (!same) exact = false;
      if (targets[i] === padId) continue;
      tokens++;
      if (same) correct++;
      if (targetProbabilities) negativeLogLikelihood -= Math.log(Math.max(targetProbabilities[i], MIN_PROBABILITY));
    }
    if (exact) exactRows++;
    const predicted = tokenSpan(predictions, offset, steps, input);
    const truth = tokenSpan(targets, offset, steps, input);
    editSum += editDistance(predicted, truth);
    if (vocabulary) {
      const text = (ids: number[]) => ids.map((id) => vocabulary[id] ?? '').join(separator);
      const truthText = text(truth);
      charEdits += editDistance(text(predicted), truthText);
      charTotal += truthText.length;
    }
  }
  return {
    // A split whose targets are all padding has no token to be right about.
    token_accuracy: tokens > 0 ? correct / tokens : 0,
    sequence_accuracy: exactRows / rows,
    perplexity: targetProbabilities && tokens > 0 ? finiteOrNull(Math.exp(negativeLogLikelihood / tokens)) : null,
    edit_distance: editSum / rows,
    // With no true character the rate is undefined (torchmetrics divides by zero).
    char_error_rate: vocabulary && charTotal > 0 ? charEdits / charTotal : null,
  };
}

/** A text or sequence output's entry in test_statistics.json: the metrics and Ludwig's `loss`. */
export type SequenceStatistics = SequenceMetrics & { loss: number | null };

/**
 * The loss is the training loop's when given, else the mean negative log-likelihood of the true
 * tokens (the unweighted sequence cross entropy), log(perplexity).
 */
function withLoss(metrics: SequenceMetrics, options: MetricsOptions): SequenceStatistics {
  const loss = options.loss ?? (metrics.perplexity === null ? null : Math.log(metrics.perplexity));
  return { loss: loss === null ? null : finiteOrNull(loss), ...metrics };
}

export const sequenceEvaluator: OutputEvaluator<SequenceMetricsInput, SequenceStatistics> = {
  epoch(input, options) {
    const statistics = withLoss(computeSequenceMetrics(input), options);
    const out: Record<string, number> = {};
    for (const [name, value] of Object.entries(statistics)) if (value !== null) out[name] = value;
    return out;
  },
  statistics: (input, options) => withLoss(computeSequenceMetrics(input), options),
};
