import type { ResolvedConfig } from '@overture/config';
import {
  gatherModelInputs, isOutputRowFinite, modelInputLayout, preprocessForPrediction,
  type ActivatedOutput, type DecodedMedia, type ModelInput, type ModelInputValues, type RawTable, type RowIssue, type TrainingSetMetadata,
} from '@overture/trainer/preprocessing/browser';
import { checkTableCells, instancesToTable } from './instances.js';
import type { RunOutputs } from './model-feeds.js';
import type { RowExplanation } from './explain.js';

// The steps of a prediction around the ONNX run, with no runtime of their own: the server
// (ServingModel, onnxruntime-node) and the playground's in-browser mode (onnxruntime-web) both
// run them, so the two compute the same answer from the same rows.

/** What one prediction request produced, before it is shaped as JSON or CSV (see responses.ts). */
export interface PredictionResult {
  rowCount: number;
  /** Activated outputs per output feature, in dependency order; rows with errors hold placeholders. */
  outputs: Record<string, ActivatedOutput>;
  /** Rows that are not answered (1-based), sorted. */
  rowErrors: RowIssue[];
  /** Per row (null for error rows), when explanations were asked for. */
  explanations?: (RowExplanation | null)[];
  metadata: TrainingSetMetadata;
}

/** Runs the exported graph on a batch of model inputs (an ORT session, or a micro-batcher in front of one). */
export type RunModel = (inputs: readonly ModelInputValues[], rows: number) => Promise<RunOutputs>;

/** One run's result with the model inputs it was computed from (explanations re-run occluded copies). */
export interface RowsRun {
  rowCount: number;
  rowErrors: RowIssue[];
  inputs: ModelInputValues[];
  outputs: Record<string, ActivatedOutput>;
}

/** Merges row issues from several sources: one entry per row, messages joined, sorted by row. */
export function mergeIssues(...lists: RowIssue[][]): RowIssue[] {
  const byRow = new Map<number, string[]>();
  for (const list of lists) for (const { row, message } of list) byRow.set(row, [...(byRow.get(row) ?? []), message]);
  return [...byRow].sort((a, b) => a[0] - b[0]).map(([row, messages]) => ({ row, message: messages.join(' ') }));
}

/**
 * A model's rows-to-answers path given how to run its graph: the trainer's own preprocessing of
 * the table (one request at a time, so bfill/ffill never borrow another client's rows), the model
 * inputs of its layout, the run, and the row checks of the answer.
 */
export class RowPredictor {
  readonly layout: ModelInput[];

  constructor(readonly config: ResolvedConfig, readonly metadata: TrainingSetMetadata, private readonly runModel: RunModel) {
    this.layout = modelInputLayout(config, metadata);
  }

  /** Predicts JSON instances (`[{"column": value, …}]`); bad rows become row errors. */
  async predictInstances(instances: unknown): Promise<PredictionResult> {
    const { table, rowErrors } = instancesToTable(instances, this.config);
    return (await this.predictTable(table, rowErrors)).result;
  }

  /**
   * Predicts a table; `knownErrors` are rows already found bad. `decodeMedia` decodes its image and
   * audio inputs once bad cells are cleared (the server's decoders; by default there are none, as
   * in the browser, which runs only models without such inputs).
   */
  async predictTable(table: RawTable, knownErrors: RowIssue[] = [], decodeMedia: (table: RawTable) => Promise<DecodedMedia> = async () => ({})): Promise<{ result: PredictionResult; run: RowsRun }> {
    const cellErrors = this.checkCells(table);
    const run = await this.run(table, await decodeMedia(table));
    const errors = mergeIssues(knownErrors, cellErrors, run.rowErrors, this.nonFiniteRows(run));
    return { result: { rowCount: run.rowCount, outputs: run.outputs, rowErrors: errors, metadata: this.metadata }, run };
  }

  /** Row errors of cells that do not read as their feature's type; those rows' cells are cleared. */
  checkCells(table: RawTable): RowIssue[] {
    return checkTableCells(table, this.config);
  }

  /** Preprocesses a table and runs the model on it. */
  async run(table: RawTable, media: DecodedMedia = {}): Promise<RowsRun> {
    const { dataset, rowErrors } = preprocessForPrediction(table, this.config, this.metadata, { images: media });
    const inputs = gatherModelInputs(dataset, this.layout);
    const raw = await this.runModel(inputs, dataset.rowCount);
    return { rowCount: dataset.rowCount, rowErrors, inputs, outputs: this.activated(raw) };
  }

  /** The run's outputs by output feature, in the config's (dependency) order. */
  activated(raw: RunOutputs): Record<string, ActivatedOutput> {
    const outputs: Record<string, ActivatedOutput> = {};
    for (const feature of this.config.output_features) {
      const r = raw[feature.name];
      outputs[feature.name] = { feature, values: r.values, width: r.width };
    }
    return outputs;
  }

  /** Rows whose outputs hold NaN or ±Infinity: answered as row errors, never as numbers. */
  private nonFiniteRows(run: RowsRun): RowIssue[] {
    const issues: RowIssue[] = [];
    for (let i = 0; i < run.rowCount; i++) {
      const bad = Object.values(run.outputs).filter((o) => !isOutputRowFinite(o, i)).map((o) => o.feature.name);
      if (bad.length > 0) issues.push({ row: i + 1, message: `the model produced a non-finite value for ${bad.join(', ')}.` });
    }
    return issues;
  }
}
