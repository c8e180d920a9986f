import { fromBrowserBundle, predictionResponse, RowPredictor, runSession, type BrowserBundle } from '@overture/serving/browser';
import type * as OrtWeb from 'onnxruntime-web';
import type { PredictResponse } from '../queries/deployments';
import { loadOrtWeb } from './ort-web';

/** An answer computed in this browser, with how long it took (preprocessing, the run and postprocessing). */
export interface InBrowserAnswer {
  response: PredictResponse;
  milliseconds: number;
}

/**
 * A deployment's model running in the browser: its model.onnx on an onnxruntime-web session, and
 * the server's own rows-to-answer path (@overture/serving/browser) around it, so the answer is the
 * one POST /predict gives for the same rows.
 */
export class InBrowserModel {
  private constructor(private readonly session: OrtWeb.InferenceSession, private readonly predictor: RowPredictor) {}

  /** `ort`: onnxruntime-web as the page loads it (tests pass the package as Node resolves it). */
  static async load(bundle: BrowserBundle, onnx: Uint8Array, runtime?: typeof OrtWeb): Promise<InBrowserModel> {
    const ort = runtime ?? (await loadOrtWeb());
    // The server's session options where the web runtime has them: all graph optimizations, on the CPU (wasm).
    const session = await ort.InferenceSession.create(onnx, { executionProviders: ['wasm'], graphOptimizationLevel: 'all', logSeverityLevel: 3 });
    const { config, metadata } = fromBrowserBundle(bundle);
    const predictor = new RowPredictor(config, metadata, (inputs, rows) => runSession(session, (dtype, values, dims) => new ort.Tensor(dtype, values, dims), inputs, rows));
    return new InBrowserModel(session, predictor);
  }

  /** Predicts JSON instances as POST /predict does (bad rows are row errors; no explanations). */
  async predict(instances: Record<string, unknown>[]): Promise<InBrowserAnswer> {
    const started = performance.now();
    // The default ('overture') format: one object per output, as the playground reads POST /predict.
    const response = predictionResponse(await this.predictor.predictInstances(instances)) as PredictResponse;
    return { response, milliseconds: performance.now() - started };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
