import type { ResolvedConfig } from '@overture/config';
import type { RawTable } from '@overture/trainer/data';
import {
  decodeMediaInputs, gatherModelInputs, isOutputRowFinite, modelInputLayout, preprocessForPrediction,
  type ActivatedOutput, type ModelInput, type ModelInputValues, type RowIssue, type TrainingSetMetadata,
} from '@overture/trainer/preprocessing';
import { BUNDLE_FILES } from '@overture/trainer/bundle';
import { readServingBundle, type ServingBundle } from './bundle.js';
import { MicroBatcher, type MicroBatchOptions } from './micro-batcher.js';
import { OrtModel, type OrtOptions, type RunOutputs } from './ort-model.js';
import { checkTableCells, instancesToTable } from './instances.js';
import { Occlusion, type RowExplanation } from './explain.js';
import { TextOcclusion } from './explain-text.js';
import { checkOnnxModel, type OnnxLimits } from './onnx-check/index.js';

export type ServingModelOptions = MicroBatchOptions & OrtOptions & {
  /** Graph limits checked before any session is created (default DEFAULT_ONNX_LIMITS). */
  onnxLimits?: Partial<OnnxLimits>;
};

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

export interface PredictOptions {
  /** Also compute per-feature attributions (occlusion; see explain.ts). */
  explain?: boolean;
  /**
   * Folder that image paths in the rows may be read from (nothing outside it is read). Absent: image
   * cells must be base64 or data URIs, and a path is a row error (requests are untrusted).
   */
  imageRoot?: string;
}

/** Merges row issues from several sources: one entry per row, messages joined, sorted by row. */
function mergeIssues(...lists: RowIssue[][]): RowIssue[] {
  const byRow = new Map<number, string[]>();
  for (const list of lists) for (const { row, message } of list) byRow.set(row, [...(byRow.get(row) ?? []), message]);
  return [...byRow].sort((a, b) => a[0] - b[0]).map(([row, messages]) => ({ row, message: messages.join(' ') }));
}

/**
 * One deployed model: the bundle's metadata, an ORT session and its micro-batcher. Requests are
 * preprocessed one by one with the trainer's own preprocessing (so bfill/ffill never borrow values
 * from another client's rows) and merged only at the tensor level.
 */
export class ServingModel {
  readonly layout: ModelInput[];
  private readonly batcher: MicroBatcher;
  private readonly occlusion: Occlusion;
  private readonly textOcclusion: TextOcclusion;

  private constructor(readonly bundle: Omit<ServingBundle, 'onnx'>, private readonly ort: OrtModel, options: ServingModelOptions) {
    this.layout = modelInputLayout(bundle.config, bundle.metadata);
    this.batcher = new MicroBatcher((inputs, rows) => this.ort.run(inputs, rows), options);
    this.occlusion = new Occlusion(bundle.config, bundle.metadata, this.layout);
    this.textOcclusion = new TextOcclusion(bundle.config, bundle.metadata);
  }

  /**
   * Loads a bundle directory and runs one warm-up prediction. The graph is checked first (no
   * external data, custom ops or graphs over the limits), whoever calls: import, deployments and
   * `overture serve` alike. Session creation and warm-up run on the caller's thread; an untrusted
   * bundle is loaded first in a worker thread (checkBundleOffThread).
   */
  static async load(directory: string, options: ServingModelOptions = {}): Promise<ServingModel> {
    const { onnx, ...bundle } = await readServingBundle(directory);
    checkOnnxModel(onnx, BUNDLE_FILES.onnx, options.onnxLimits);
    const ort = await OrtModel.create(onnx, options);
    const model = new ServingModel(bundle, ort, options);
    await ort.run(model.occlusion.baselineInputs(1), 1);
    return model;
  }

  get config(): ResolvedConfig {
    return this.bundle.config;
  }

  /** ORT runs so far. */
  get runs(): number {
    return this.ort.runs;
  }

  /** Predicts JSON instances (`[{"column": value, …}]`); bad rows become row errors. */
  async predictInstances(instances: unknown, options: PredictOptions = {}): Promise<PredictionResult> {
    const { table, rowErrors } = instancesToTable(instances, this.config);
    return this.predictTable(table, options, rowErrors);
  }

  /** Predicts a table (e.g. parsed from CSV); `knownErrors` are rows already found bad. */
  async predictTable(table: RawTable, options: PredictOptions = {}, knownErrors: RowIssue[] = []): Promise<PredictionResult> {
    const cellErrors = checkTableCells(table, this.config);
    const { dataset, rowErrors, inputs, outputs } = await this.run(table, options);
    const nonFinite: RowIssue[] = [];
    for (let i = 0; i < dataset.rowCount; i++) {
      const bad = Object.values(outputs).filter((o) => !isOutputRowFinite(o, i)).map((o) => o.feature.name);
      if (bad.length > 0) nonFinite.push({ row: i + 1, message: `the model produced a non-finite value for ${bad.join(', ')}.` });
    }
    const errors = mergeIssues(knownErrors, cellErrors, rowErrors, nonFinite);
    const result: PredictionResult = { rowCount: dataset.rowCount, outputs, rowErrors: errors, metadata: this.bundle.metadata };
    if (options.explain) {
      const skip = new Set(errors.map((e) => e.row - 1));
      result.explanations = await this.explain(inputs, outputs, dataset.rowCount, skip);
      await this.explainTokens(table, options, outputs, skip, result.explanations);
    }
    return result;
  }

  /** Preprocesses a table and runs the model on it. */
  private async run(table: RawTable, options: PredictOptions) {
    // Decoded with the bundle's stored size, channels and resize method, as training decoded them.
    const images = await decodeMediaInputs(table, this.config, { root: options.imageRoot ?? null, metadata: this.bundle.metadata });
    const { dataset, rowErrors } = preprocessForPrediction(table, this.config, this.bundle.metadata, { images });
    const inputs = gatherModelInputs(dataset, this.layout);
    const raw = await this.batcher.submit(inputs, dataset.rowCount);
    return { dataset, rowErrors, inputs, outputs: this.activated(raw) };
  }

  /** Adds per-token attributions of text inputs (explain-text.ts) to the rows' explanations. */
  private async explainTokens(table: RawTable, options: PredictOptions, outputs: Record<string, ActivatedOutput>, skip: Set<number>, explanations: (RowExplanation | null)[]): Promise<void> {
    const plan = this.textOcclusion.plan(table, skip);
    if (!plan) return;
    const occluded = await this.run(plan.table, options);
    const tokens = this.textOcclusion.attributions(plan, outputs, occluded.outputs, (o, i) => this.occlusion.scorer(o, i));
    for (const [row, perOutput] of tokens) {
      const explanation = explanations[row];
      if (!explanation) continue;
      for (const [name, perInput] of Object.entries(perOutput)) explanation[name].tokens = perInput;
    }
  }

  private activated(raw: RunOutputs): Record<string, ActivatedOutput> {
    const outputs: Record<string, ActivatedOutput> = {};
    for (const feature of this.config.output_features) {
      const r = raw[feature.name];
      outputs[feature.name] = { feature, values: r.values, width: r.width };
    }
    return outputs;
  }

  private async explain(inputs: ModelInputValues[], outputs: Record<string, ActivatedOutput>, rows: number, skip: Set<number>): Promise<(RowExplanation | null)[]> {
    const occluded = this.occlusion.occludedInputs(inputs, rows);
    const raw = await this.batcher.submit(occluded.inputs, occluded.rows);
    return this.occlusion.attributions(outputs, this.activated(raw), rows, skip);
  }

  /** Stops the session; call once no request uses the model (ServingEngine does). */
  async release(): Promise<void> {
    await this.ort.release();
  }
}

