export { checkOnnxModel, DEFAULT_ONNX_LIMITS, type OnnxLimits } from './check.js';
export { estimateRowCost } from './cost.js';
export { readOnnxModel, type OnnxModelInfo } from './read-model.js';
