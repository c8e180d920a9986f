// @overture/serving: runs exported models (model.onnx) on onnxruntime-node with the trainer's own
// preprocessing (no tfjs). The web app and `overture serve` mount a ServingEngine.
export { ServingEngine, type DeployedModelInfo } from './engine.js';
export { ServingModel, type PredictionResult, type PredictOptions, type ServingModelOptions } from './serving-model.js';
export { readServingBundle, type ServingBundle } from './bundle.js';
export { MicroBatcher, type MicroBatchOptions } from './micro-batcher.js';
export { instancesToTable, checkTableCells } from './instances.js';
export { EXPLANATION_METHOD, type OutputExplanation, type RowExplanation } from './explain.js';
export { predictionResponse, predictionResponseJson, predictionCsv, formatCsv, csvCell, type PredictResponse, type ResponseFormat } from './responses.js';
export { predictionComponents, serveOpenApiDocument } from './openapi.js';
export { toJson } from './json.js';
export { loggedCsvRows, loggedJsonRows, type LoggedRow } from './logged-rows.js';
/** How a typed source value (Parquet, Excel, SQL) reads as table text; the web app's previews print cells the same way. */
export { stringifyValue } from '@overture/trainer/data';
export { checkBundleOffThread, type OffThreadCheckOptions } from './check-bundle.js';
export { checkOnnxModel, DEFAULT_ONNX_LIMITS, type OnnxLimits } from './onnx-check/index.js';
export { cutOffAfter, readRequestBody } from './http-body.js';
export { BROWSER_MODEL_MAX_BYTES, browserSupport, toBrowserBundle, type BrowserBundle, type BrowserSupport } from './browser-support.js';
export { describeBrowserBundle, readBrowserModel, type BrowserBundleInfo } from './browser-bundle.js';
export * from './pretrained-models.js';
