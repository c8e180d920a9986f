import type { EcdModel } from '../model/ecd.js';
import { modelInputLayout } from '../preprocessing/index.js';
import { OnnxGraph } from './onnx-graph.js';
import { writeOnnxModel } from './onnx-writer.js';

/**
 * The model's inference graph as ONNX bytes (opset 17): inputs named as modelInputLayout says
 * (`__passthrough__` for the stacked number/binary columns, else the feature name), float32 or
 * int32 `[batch, width]`; one float32 output per output feature, named after it, holding what
 * EcdModel.activate returns (probabilities, or values in the target's units).
 */
export function exportModelToOnnx(model: EcdModel): Uint8Array {
  const graph = new OnnxGraph(model.params.snapshot());
  model.exportOnnx(graph);
  const layout = modelInputLayout(model.config, model.metadata);
  return writeOnnxModel(graph, {
    description: `Overture ECD model predicting ${model.outputFeatures.map((f) => f.name).join(', ')}`,
    metadata: { 'overture.inputs': JSON.stringify(layout.map(({ name, features }) => ({ name, features }))) },
  });
}
