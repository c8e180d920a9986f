import * as tf from '@tensorflow/tfjs-core';
import type { DateEmbedEncoderConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../../layers/fc-stack.js';
import { initialize } from '../../layers/initializers.js';
import { denseForward } from '../../layers/dense.js';
import type { EncoderFactory } from '../encoder.js';
import { createEmbeddingTable, lookup } from '../embeddings.js';
import { DATE_PARTS, exportYearAndSecondOfDay, yearAndSecondOfDay, yearScaleOf } from './date-parts.js';
import { emitColumns, emitConcat, emitDense, emitLookup } from '../../export/ops.js';

/**
 * Ludwig's date `embed`: one embedding table per calendar part (month, day, weekday, day of
 * year, hour, minute, second), the year and the second of the day through a linear layer,
 * all concatenated, then an FC stack.
 */
export const dateEmbedEncoder: EncoderFactory<DateEmbedEncoderConfig> = ({ name, config, input, params, rng }) => {
  const yearScale = yearScaleOf(input.metadata);
  const tables = DATE_PARTS.map((part) =>
    createEmbeddingTable(params, `${name}.${part.name}`, part.cardinality, config.embedding_size, {
      sparse: false, trainable: true, initializer: null,
    }, rng).table,
  );
  const continuousKernel = params.create(`${name}.continuous.kernel`, [2, config.embedding_size], initialize('xavier_uniform', [2, config.embedding_size], rng));
  const continuousBias = params.create(`${name}.continuous.bias`, [config.embedding_size], new Float32Array(config.embedding_size));
  const concatSize = config.embedding_size * (DATE_PARTS.length + 1);
  const stack = new FcStack(params, name, concatSize, resolveFcLayers(config), rng);
  return {
    outputSize: stack.outputSize,
    forward: (parts, ctx) => {
      const embedded = DATE_PARTS.map((part, i) => {
        const column = tf.slice(parts, [0, part.column], [-1, 1]);
        return lookup(tables[i] as tf.Tensor2D, tf.sub(column, part.offset));
      });
      const continuous = denseForward(yearAndSecondOfDay(parts, yearScale), continuousKernel as tf.Tensor2D, continuousBias as tf.Tensor1D, 'linear', false);
      return stack.forward(tf.concat([...embedded, continuous], 1) as tf.Tensor2D, ctx);
    },
    exportOnnx: (g, parts) => {
      const embedded = DATE_PARTS.map((part) => {
        const column = g.op('Sub', [emitColumns(g, parts, part.column, part.column + 1), g.constant([part.offset], [], 'int32', 'offset')]);
        return emitLookup(g, g.param(`${name}.${part.name}.embeddings`), column);
      });
      const continuous = emitDense(g, exportYearAndSecondOfDay(g, parts, yearScale), g.param(`${name}.continuous.kernel`), g.param(`${name}.continuous.bias`));
      return stack.exportOnnx(g, emitConcat(g, [...embedded, continuous]));
    },
  };
};
