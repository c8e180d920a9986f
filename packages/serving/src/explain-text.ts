import type { ResolvedConfig } from '@overture/config';
import { columnData, type RawTable } from '@overture/trainer/data';
import { getTokenizer, type ActivatedOutput, type Tokenizer, type TrainingSetMetadata } from '@overture/trainer/preprocessing';

/**
 * Per-token attributions for text inputs, by occlusion: for each text cell, the text with one
 * token cut out (or, past `MAX_TOKEN_SPANS` tokens, one run of adjacent tokens) is predicted, all
 * such rows of a request in one extra batch, and a span's attribution is score(actual row) −
 * score(row without the span), with the scores of explain.ts (the predicted class's probability,
 * the predicted value, …). Positive: the span pushed the model towards its prediction.
 *
 * The cut is made in the text the model reads (lowercased first when the feature lowercases), at
 * the span's characters, so the remaining tokens are exactly those of the original minus the span.
 */

/** Spans explained per text cell at most; longer texts are cut in this many runs of adjacent tokens. */
export const MAX_TOKEN_SPANS = 64;
/** Occluded rows per request at most (the extra batch); past it, each text gets fewer, longer spans. */
export const MAX_TEXT_OCCLUSION_ROWS = 4096;

export interface TokenAttribution {
  /** The span as written in the request (one token, or a run of adjacent tokens in a long text). */
  text: string;
  /** Character offsets [start, end) of the span in the request's text. */
  start: number;
  end: number;
  /** score(actual) − score(text without this span). */
  attribution: number;
}

interface TextInput {
  name: string;
  column: string;
  tokenize: Tokenizer;
  lowercase: boolean;
}

interface CellPlan {
  row: number;
  feature: string;
  text: string;
  spans: { start: number; end: number }[];
  /** Row of the first variant in the occluded table. */
  first: number;
}

export interface TextOcclusionPlan {
  table: RawTable;
  cells: CellPlan[];
}

type Scorer = (actual: ActivatedOutput, i: number) => { score: (o: ActivatedOutput, r: number) => number };

export class TextOcclusion {
  readonly inputs: TextInput[] = [];

  constructor(config: Pick<ResolvedConfig, 'input_features'>, metadata: TrainingSetMetadata) {
    for (const f of config.input_features) {
      const meta = metadata[f.name];
      if (f.type !== 'text' || meta?.type !== 'text') continue;
      const p = meta.preprocessing;
      // ngram tokens overlap, so cutting one out of the text is not defined.
      if (p.tokenizer === 'ngram') continue;
      this.inputs.push({ name: f.name, column: f.column ?? f.name, tokenize: getTokenizer(p.tokenizer, f.name, { ngram_size: p.ngram_size }), lowercase: p.lowercase });
    }
  }

  /** The rows to predict: per answered row and text input, the row with each span cut out. */
  plan(table: RawTable, skip: Set<number>): TextOcclusionPlan | null {
    if (this.inputs.length === 0) return null;
    const found: Omit<CellPlan, 'first'>[] = [];
    for (let row = 0; row < table.rowCount; row++) {
      if (skip.has(row)) continue;
      for (const input of this.inputs) {
        const cell = Object.hasOwn(table.data, input.column) ? table.data[input.column][row] : null;
        if (cell === null || cell === undefined) continue;
        const spans = tokenSpans(cell, input);
        if (spans && spans.length > 0) found.push({ row, feature: input.name, text: cell, spans });
      }
    }
    if (found.length === 0) return null;
    const budget = Math.max(1, Math.min(MAX_TOKEN_SPANS, Math.floor(MAX_TEXT_OCCLUSION_ROWS / found.length)));
    const cells: CellPlan[] = [];
    let rows = 0;
    for (const cell of found) {
      const spans = groupSpans(cell.spans, budget);
      cells.push({ ...cell, spans, first: rows });
      rows += spans.length;
    }
    const data = columnData();
    for (const column of table.columns) data[column] = new Array<string | null>(rows);
    for (const cell of cells) {
      const input = this.inputs.find((i) => i.name === cell.feature) as TextInput;
      const seen = input.lowercase ? cell.text.toLowerCase() : cell.text;
      cell.spans.forEach((span, s) => {
        const r = cell.first + s;
        for (const column of table.columns) data[column][r] = table.data[column][cell.row];
        data[input.column][r] = seen.slice(0, span.start) + seen.slice(span.end);
      });
    }
    return { table: { columns: table.columns, rowCount: rows, data, sourceTypes: table.sourceTypes }, cells };
  }

  /** Token attributions per row, output and text input, from the actual and the occluded predictions. */
  attributions(plan: TextOcclusionPlan, actual: Record<string, ActivatedOutput>, occluded: Record<string, ActivatedOutput>, scorer: Scorer): Map<number, Record<string, Record<string, TokenAttribution[]>>> {
    const byRow = new Map<number, Record<string, Record<string, TokenAttribution[]>>>();
    for (const cell of plan.cells) {
      let row = byRow.get(cell.row);
      if (!row) byRow.set(cell.row, (row = {}));
      for (const [name, output] of Object.entries(actual)) {
        const { score } = scorer(output, cell.row);
        row[name] ??= {};
        row[name][cell.feature] = cell.spans.map((span, s) => {
          const value = score(occluded[name], cell.first + s);
          return { text: cell.text.slice(span.start, span.end), start: span.start, end: span.end, attribution: Number.isFinite(value) ? value : 0 };
        });
      }
    }
    return byRow;
  }
}

/**
 * Character spans of the cell's tokens, found in order in the text the tokenizer reads. Null when
 * they cannot be placed (lowercasing changed the text's length, or a tokenizer rewrote a token).
 */
export function tokenSpans(text: string, input: Pick<TextInput, 'tokenize' | 'lowercase'>): { start: number; end: number }[] | null {
  const seen = input.lowercase ? text.toLowerCase() : text;
  if (seen.length !== text.length) return null;
  const spans: { start: number; end: number }[] = [];
  let at = 0;
  for (const token of input.tokenize(seen)) {
    const start = seen.indexOf(token, at);
    if (start < 0) return null;
    spans.push({ start, end: start + token.length });
    at = start + token.length;
  }
  return spans;
}

/** At most `budget` runs of adjacent spans, as even as possible. */
function groupSpans(spans: { start: number; end: number }[], budget: number): { start: number; end: number }[] {
  if (spans.length <= budget) return spans;
  return Array.from({ length: budget }, (_, g) => {
    const from = Math.floor((g * spans.length) / budget);
    const to = Math.floor(((g + 1) * spans.length) / budget) - 1;
    return { start: spans[from].start, end: spans[to].end };
  });
}
