/**
 * @overture/serving/browser: the server's prediction path without onnxruntime-node, sharp or the
 * file system, for the playground's in-browser mode. The caller brings an onnxruntime-web session
 * and its Tensor; rows are preprocessed, fed, activated and answered by the same code as
 * ServingModel's (predict-rows.ts, model-feeds.ts, responses.ts), so both compute one answer.
 */
export { RowPredictor, mergeIssues, type PredictionResult, type RunModel } from './predict-rows.js';
export { modelFeeds, runOutputs, runSession, type RunOutputs, type SessionLike, type TensorOf } from './model-feeds.js';
export { predictionResponse, type PredictResponse, type ResponseFormat } from './responses.js';
export { instancesToTable } from './instances.js';
export { BROWSER_MODEL_MAX_BYTES, browserSupport, fromBrowserBundle, toBrowserBundle, type BrowserBundle, type BrowserSupport } from './browser-support.js';
