import * as tf from '@tensorflow/tfjs-core';
import type { TimeseriesPassthroughEncoderConfig } from '@overture/config';
import { attr } from '../../export/onnx-graph.js';
import { emitCastFloat } from '../../export/ops.js';
import type { EncoderFactory } from '../encoder.js';

/**
 * Ludwig's SequencePassthroughEncoder over a time series: the padded steps as they are (width
 * max_timeseries_length, what concat's `flatten_inputs` makes of Ludwig's [batch, steps, 1]), or
 * reduced over the steps to one value. Ludwig's reducers count every step, padding included.
 */
export const timeseriesPassthroughEncoder: EncoderFactory<TimeseriesPassthroughEncoderConfig> = ({ config, input }) => {
  const mode = config.reduce_output;
  const steps = input.width;
  if (mode === null || mode === 'concat') {
    return {
      parameterFree: true,
      outputSize: steps,
      forward: (x) => (x.dtype === 'float32' ? x : (tf.cast(x, 'float32') as tf.Tensor2D)),
      exportOnnx: (g, x) => emitCastFloat(g, x),
    };
  }
  return {
    parameterFree: true,
    outputSize: 1,
    forward: (x) => {
      switch (mode) {
        case 'sum': return tf.sum(x, 1, true) as tf.Tensor2D;
        case 'mean': case 'avg': return tf.mean(x, 1, true) as tf.Tensor2D;
        case 'max': return tf.max(x, 1, true) as tf.Tensor2D;
        case 'last': return tf.slice(x, [0, steps - 1], [-1, 1]) as tf.Tensor2D;
      }
    },
    exportOnnx: (g, x) => {
      const floats = emitCastFloat(g, x);
      const axes = g.constant([1], [1], 'int64', 'axes');
      switch (mode) {
        case 'sum': return g.op('ReduceSum', [floats, axes], { keepdims: attr.int(1) });
        // ReduceMean and ReduceMax take their axes as an attribute up to opset 18.
        case 'mean': case 'avg': return g.op('ReduceMean', [floats], { axes: attr.ints([1]), keepdims: attr.int(1) });
        case 'max': return g.op('ReduceMax', [floats], { axes: attr.ints([1]), keepdims: attr.int(1) });
        case 'last': return g.op('Slice', [floats, g.constant([steps - 1], [1], 'int64', 'starts'), g.constant([steps], [1], 'int64', 'ends'), axes]);
      }
    },
  };
};
