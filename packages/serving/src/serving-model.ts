import type { ResolvedConfig } from '@overture/config';
import type { RawTable } from '@overture/trainer/data';
import { decodeMediaInputs, predictionModelsDir, type ActivatedOutput, type ModelInput, type ModelInputValues, type RowIssue } from '@overture/trainer/preprocessing';
import { BUNDLE_FILES } from '@overture/trainer/bundle';
import { readServingBundle, type ServingBundle } from './bundle.js';
import { MicroBatcher, type MicroBatchOptions } from './micro-batcher.js';
import { OrtModel, type OrtOptions } from './ort-model.js';
import { instancesToTable } from './instances.js';
import { RowPredictor, type PredictionResult } from './predict-rows.js';
import { Occlusion, type RowExplanation } from './explain.js';
import { TextOcclusion } from './explain-text.js';
import { ImageOcclusion } from './explain-image.js';
import { checkOnnxModel, type OnnxLimits } from './onnx-check/index.js';

export type ServingModelOptions = MicroBatchOptions & OrtOptions & {
  /** Models root of pretrained text encoders, used only when the bundle carries no copy (pretrained/). */
  modelsDir?: string | null;
  /** Graph limits checked before any session is created (default DEFAULT_ONNX_LIMITS). */
  onnxLimits?: Partial<OnnxLimits>;
};

export type { PredictionResult } from './predict-rows.js';

export interface PredictOptions {
  /** Also compute per-feature attributions (occlusion; see explain.ts). */
  explain?: boolean;
  /**
   * Folder that image paths in the rows may be read from (nothing outside it is read). Absent: image
   * cells must be base64 or data URIs, and a path is a row error (requests are untrusted).
   */
  imageRoot?: string;
}

/**
 * One deployed model: the bundle's metadata, an ORT session and its micro-batcher. Requests are
 * preprocessed one by one with the trainer's own preprocessing (so bfill/ffill never borrow values
 * from another client's rows) and merged only at the tensor level.
 */
export class ServingModel {
  readonly layout: ModelInput[];
  private readonly batcher: MicroBatcher;
  private readonly predictor: RowPredictor;
  private readonly occlusion: Occlusion;
  private readonly textOcclusion: TextOcclusion;
  private readonly imageOcclusion: ImageOcclusion;
  private modelsDir: string | null = null;

  private constructor(readonly bundle: Omit<ServingBundle, 'onnx'>, private readonly ort: OrtModel, options: ServingModelOptions) {
    this.batcher = new MicroBatcher((inputs, rows) => this.ort.run(inputs, rows), options);
    this.predictor = new RowPredictor(bundle.config, bundle.metadata, (inputs, rows) => this.batcher.submit(inputs, rows));
    this.layout = this.predictor.layout;
    this.occlusion = new Occlusion(bundle.config, bundle.metadata, this.layout);
    this.textOcclusion = new TextOcclusion(bundle.config, bundle.metadata);
    this.imageOcclusion = new ImageOcclusion(bundle.config, bundle.metadata, this.occlusion.slots, this.occlusion.baseline);
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
    // Pretrained text encoders run from the bundle's own copy (pretrained/), else from the given models root.
    model.modelsDir = await predictionModelsDir(directory, options.modelsDir ?? null);
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
    const { result, run } = await this.predictor.predictTable(table, knownErrors, (t) => this.decodeMedia(t, options));
    if (options.explain) {
      const skip = new Set(result.rowErrors.map((e) => e.row - 1));
      result.explanations = await this.explain(run.inputs, run.outputs, run.rowCount, skip);
      await this.explainTokens(table, options, run.outputs, skip, result.explanations);
      await this.explainImages(run.inputs, run.outputs, run.rowCount, skip, result.explanations);
    }
    return result;
  }

  /** Image and audio inputs decoded with the bundle's stored size, channels and rates, as training decoded them. */
  private decodeMedia(table: RawTable, options: PredictOptions) {
    return decodeMediaInputs(table, this.config, { root: options.imageRoot ?? null, metadata: this.bundle.metadata, modelsDir: this.modelsDir });
  }

  /** Adds per-token attributions of text inputs (explain-text.ts) to the rows' explanations. */
  private async explainTokens(table: RawTable, options: PredictOptions, outputs: Record<string, ActivatedOutput>, skip: Set<number>, explanations: (RowExplanation | null)[]): Promise<void> {
    const plan = this.textOcclusion.plan(table, skip);
    if (!plan) return;
    const occluded = await this.predictor.run(plan.table, await this.decodeMedia(plan.table, options));
    const tokens = this.textOcclusion.attributions(plan, outputs, occluded.outputs, (o, i) => this.occlusion.scorer(o, i));
    for (const [row, perOutput] of tokens) {
      const explanation = explanations[row];
      if (!explanation) continue;
      for (const [name, perInput] of Object.entries(perOutput)) explanation[name].tokens = perInput;
    }
  }

  /** Adds a saliency map of each image input (explain-image.ts) to the rows' explanations. */
  private async explainImages(inputs: ModelInputValues[], outputs: Record<string, ActivatedOutput>, rows: number, skip: Set<number>, explanations: (RowExplanation | null)[]): Promise<void> {
    const plan = this.imageOcclusion.plan(inputs, rows, skip);
    if (!plan) return;
    const raw = await this.batcher.submit(plan.inputs, plan.rows);
    const maps = this.imageOcclusion.attributions(plan, outputs, this.predictor.activated(raw), (o, i) => this.occlusion.scorer(o, i));
    for (const [row, perOutput] of maps) {
      const explanation = explanations[row];
      if (!explanation) continue;
      for (const [name, perInput] of Object.entries(perOutput)) explanation[name].images = perInput;
    }
  }

  private async explain(inputs: ModelInputValues[], outputs: Record<string, ActivatedOutput>, rows: number, skip: Set<number>): Promise<(RowExplanation | null)[]> {
    const occluded = this.occlusion.occludedInputs(inputs, rows);
    const raw = await this.batcher.submit(occluded.inputs, occluded.rows);
    return this.occlusion.attributions(outputs, this.predictor.activated(raw), rows, skip);
  }

  /** Stops the session; call once no request uses the model (ServingEngine does). */
  async release(): Promise<void> {
    await this.ort.release();
  }
}

