import * as tf from '@tensorflow/tfjs-core';
import type { DateWaveEncoderConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import type { EncoderFactory } from '../encoder.js';
import { DATE_PARTS, exportYearAndSecondOfDay, yearAndSecondOfDay, yearScaleOf } from './date-parts.js';
import { attr } from '../../export/onnx-graph.js';
import { emitCastFloat, emitConcat } from '../../export/ops.js';

/** Ludwig's date `wave`: sine and cosine of every periodic part plus the year, then an FC stack. */
export const dateWaveEncoder: EncoderFactory<DateWaveEncoderConfig> = ({ name, config, input, params, rng }) => {
  const yearScale = yearScaleOf(input.metadata);
  const periods = [...DATE_PARTS.map((p) => p.period), 86400];
  const columns = [...DATE_PARTS.map((p) => p.column), 8];
  const stack = new FcStack(params, name, 2 * columns.length + 2, resolveFcLayers(config), rng, true);
  return {
    outputSize: stack.outputSize,
    forward: (parts, ctx) => {
      const f = tf.cast(parts, 'float32');
      const periodic = tf.concat(columns.map((c) => tf.slice(f, [0, c], [-1, 1])), 1);
      const angle = tf.mul(tf.div(periodic, tf.tensor1d(periods)), 2 * Math.PI);
      const features = tf.concat([tf.sin(angle), tf.cos(angle), yearAndSecondOfDay(parts, yearScale)], 1) as tf.Tensor2D;
      return stack.forward(features, ctx);
    },
    exportOnnx: (g, parts) => {
      const periodic = g.op('Gather', [emitCastFloat(g, parts), g.constant(columns, [columns.length], 'int64', 'columns')], { axis: attr.int(1) });
      const angle = g.op('Mul', [g.op('Div', [periodic, g.constant(periods, [periods.length])]), g.scalar(2 * Math.PI)]);
      return stack.exportOnnx(g, emitConcat(g, [g.op('Sin', [angle]), g.op('Cos', [angle]), exportYearAndSecondOfDay(g, parts, yearScale)]));
    },
  };
};
