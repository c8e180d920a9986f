import type { ResolvedConfig } from '@overture/config';
import type { TokenAttribution } from './explain-text.js';
import type { ImageSaliency, InputSlot } from './explain-image.js';
import {
  columnData, denormalizeNumber, encodedArray, gatherModelInputs, isTokenSequenceMetadata, predictionObject, preprocessForPrediction, stepArgmax,
  type ActivatedOutput, type ModelInput, type ModelInputValues, type TrainingSetMetadata,
} from '@overture/trainer/preprocessing/browser';

/**
 * Per-feature attributions by occlusion (Zeiler & Fergus, 2014): each input feature in turn is
 * replaced by its training baseline — the training mean for a number, and for every other type
 * the value training fills a missing cell with (`<UNK>` for a category by default) — and the
 * attribution is score(actual row) − score(occluded row). The score of an output is the
 * probability of the predicted class (binary, category), the mean probability of the predicted
 * labels (set), the predicted value (number), or, for a vector, the attribution is the distance
 * the prediction moves. All occluded rows of a request go through ORT in one extra run.
 */
export const EXPLANATION_METHOD = 'occlusion';

export interface OutputExplanation {
  /** What the score follows: the predicted label(s); null for number and vector outputs. */
  target: string | string[] | boolean | null;
  /** Per input feature, score(actual) − score(feature at its baseline). */
  attributions: Record<string, number>;
  /** Per text input, per token (or run of tokens) of the row's text: see explain-text.ts. */
  tokens?: Record<string, TokenAttribution[]>;
  /** Per image input, a saliency map over a grid of its patches: see explain-image.ts. */
  images?: Record<string, ImageSaliency>;
}

export type RowExplanation = Record<string, OutputExplanation>;

export class Occlusion {
  /** The baseline row's model inputs (each feature at its training baseline). */
  readonly baseline: ModelInputValues[];
  /** Where each input feature sits in the model's inputs. */
  readonly slots: InputSlot[] = [];

  constructor(config: Pick<ResolvedConfig, 'input_features' | 'output_features'>, private readonly metadata: TrainingSetMetadata, private readonly layout: ModelInput[]) {
    const data = columnData(); // no prototype: a column may be named `__proto__`
    for (const f of config.input_features) {
      const column = f.column ?? f.name;
      const meta = metadata[f.name];
      data[column] ??= [meta?.type === 'number' ? String(meta.mean) : null];
    }
    const table = { columns: Object.keys(data), rowCount: 1, data };
    const { dataset } = preprocessForPrediction(table, { input_features: config.input_features, output_features: [] }, metadata);
    this.baseline = gatherModelInputs(dataset, layout);
    layout.forEach((input, k) => {
      const width = input.width / input.features.length;
      input.features.forEach((name, j) => this.slots.push({ name, input: k, offset: j * width, width }));
    });
  }

  /** The baseline row repeated `rows` times (a valid input; the warm-up run uses it). */
  baselineInputs(rows: number): ModelInputValues[] {
    return this.baseline.map((b) => {
      const values = encodedArray(b.dtype, rows * b.width);
      for (let i = 0; i < rows; i++) values.set(b.values, i * b.width);
      return { ...b, values };
    });
  }

  /** For each row i and feature f (row i·F + f): row i with feature f at its baseline. */
  occludedInputs(inputs: ModelInputValues[], rows: number): { inputs: ModelInputValues[]; rows: number } {
    const F = this.slots.length;
    const out = inputs.map((input) => {
      const w = input.width;
      const values = encodedArray(input.dtype, rows * F * w);
      for (let i = 0; i < rows; i++) {
        const row = input.values.subarray(i * w, (i + 1) * w);
        for (let f = 0; f < F; f++) values.set(row, (i * F + f) * w);
      }
      return { ...input, values };
    });
    this.slots.forEach((slot, f) => {
      const { values, width } = out[slot.input];
      const base = this.baseline[slot.input].values.subarray(slot.offset, slot.offset + slot.width);
      for (let i = 0; i < rows; i++) values.set(base, (i * F + f) * width + slot.offset);
    });
    return { inputs: out, rows: rows * F };
  }

  attributions(actual: Record<string, ActivatedOutput>, occluded: Record<string, ActivatedOutput>, rows: number, skip: Set<number>): (RowExplanation | null)[] {
    const F = this.slots.length;
    return Array.from({ length: rows }, (_, i) => {
      if (skip.has(i)) return null;
      const explanation: RowExplanation = {};
      for (const [name, output] of Object.entries(actual)) {
        const { target, score } = this.scorer(output, i);
        const attributions: Record<string, number> = {};
        this.slots.forEach((slot, f) => {
          const value = score(occluded[name], i * F + f);
          attributions[slot.name] = Number.isFinite(value) ? value : 0;
        });
        explanation[name] = { target, attributions };
      }
      return explanation;
    });
  }

  /** The target of an output for row i of `actual`, and the attribution of any row of another output array. */
  scorer(actual: ActivatedOutput, i: number): { target: OutputExplanation['target']; score: (o: ActivatedOutput, r: number) => number } {
    const { feature, width, values } = actual;
    const meta = this.metadata[feature.name];
    const row = values.subarray(i * width, (i + 1) * width);
    const prob = (o: ActivatedOutput, r: number, k: number) => o.values[r * o.width + k];
    switch (feature.type) {
      case 'binary': {
        const positive = row[0] >= feature.threshold;
        const target = meta?.type === 'binary' ? meta.bool2str[positive ? 1 : 0] : String(positive);
        const p = (o: ActivatedOutput, r: number) => (positive ? prob(o, r, 0) : 1 - prob(o, r, 0));
        return { target, score: (o, r) => p(actual, i) - p(o, r) };
      }
      // A category_distribution is explained as a category: the drop in the probability of its most probable class.
      case 'category':
      case 'category_distribution': {
        let best = 0;
        for (let k = 1; k < width; k++) if (row[k] > row[best]) best = k;
        return { target: meta?.type === feature.type ? meta.idx2str[best] : String(best), score: (o, r) => row[best] - prob(o, r, best) };
      }
      case 'set': {
        let picked = [...row.keys()].filter((k) => row[k] >= feature.threshold);
        if (picked.length === 0) {
          // A loop, not Math.max(...row): a set of 200,000 labels would overflow the call stack.
          let best = 0;
          for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
          picked = [best];
        }
        const mean = (o: ActivatedOutput, r: number) => picked.reduce((s, k) => s + prob(o, r, k), 0) / picked.length;
        return { target: picked.map((k) => (meta?.type === 'set' ? meta.idx2str[k] : String(k))), score: (o, r) => mean(actual, i) - mean(o, r) };
      }
      case 'number': {
        const units = (v: number) => (meta?.type === 'number' ? denormalizeNumber(meta, meta.preprocessing, v) : v);
        return { target: null, score: (o, r) => units(row[0]) - units(prob(o, r, 0)) };
      }
      case 'vector':
      case 'timeseries':
        return {
          target: null,
          score: (o, r) => Math.hypot(...Array.from(row, (v, k) => v - prob(o, r, k))),
        };
      // An anomaly: the target is is-anomaly, a feature's attribution how much of the score it adds over its baseline.
      case 'anomaly':
        return { target: meta?.type === 'anomaly' && meta.threshold !== null && row[0] >= meta.threshold, score: (o, r) => row[0] - prob(o, r, 0) };
      // A tagger is explained by the drop in the mean probability of its predicted tags over the steps not answered as padding.
      case 'text':
      case 'sequence': {
        const vocab = meta && isTokenSequenceMetadata(meta) ? meta.idx2str.length : width;
        const padId = meta && isTokenSequenceMetadata(meta) ? meta.pad_idx : -1;
        const { ids } = stepArgmax(row, 0, width / vocab, vocab);
        const steps = [...ids.keys()].filter((t) => ids[t] !== padId);
        const mean = (o: ActivatedOutput, r: number) => (steps.length === 0 ? 0 : steps.reduce((n, t) => n + prob(o, r, t * vocab + ids[t]), 0) / steps.length);
        const tagged = predictionObject(actual, this.metadata, i);
        return { target: tagged && 'tokens' in tagged ? tagged.prediction : null, score: (o, r) => mean(actual, i) - mean(o, r) };
      }
    }
  }
}
