import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type ComparatorCombinerConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { attr } from '../export/onnx-graph.js';
import { emitConcat } from '../export/ops.js';
import type { CombinerFactory } from './combiner.js';
import { emitFeatureSlice, featureSlice, locateFeatures, type FeatureColumns } from './feature-columns.js';

/**
 * Ludwig's comparator combiner: the features of entity_1 and of entity_2 are concatenated and
 * encoded by one fully connected stack each (same layer sizes); the output is
 * [e1·e2, e1 ⊙ e2, |e1 − e2|, e1ᵀ·B·e2], 2·size + 2 wide. B is drawn from a standard normal
 * once and never trained (Ludwig keeps it as a buffer), but saved and exported with the weights.
 */
export const comparatorCombiner: CombinerFactory<ComparatorCombinerConfig> = ({ config, inputSizes, inputFeatures, params, rng }) => {
  const located = new Map(locateFeatures(inputSizes, inputFeatures).map((f) => [f.name, f]));
  const entity = (key: 'entity_1' | 'entity_2'): FeatureColumns[] => (config[key] ?? []).map((name) => {
    const f = located.get(name);
    if (!f) throw new OvertureError('invalid_config', `combiner.${key} names '${name}', which is not an input feature`);
    return f;
  });
  const entities = [entity('entity_1'), entity('entity_2')];
  const specs = resolveFcLayers(config);
  if (specs.length === 0) throw new OvertureError('invalid_config', 'the comparator combiner needs at least one fully connected layer: set num_fc_layers > 0 or fc_layers');
  const stacks = entities.map((columns, i) => new FcStack(params, `combiner.entity_${i + 1}`, columns.reduce((n, f) => n + f.width, 0), specs, rng));
  const size = stacks[0].outputSize;
  const bilinear = params.create('combiner.bilinear_weights', [size, size], Float32Array.from({ length: size * size }, () => rng.nextGaussian()), false);

  return {
    outputSize: 2 * size + 2,
    forward: (encoded, ctx) => {
      const [e1, e2] = entities.map((columns, i) => {
        const parts = columns.map((f) => featureSlice(encoded, f));
        return stacks[i].forward(parts.length === 1 ? parts[0] : (tf.concat(parts, 1) as tf.Tensor2D), ctx);
      });
      const product = tf.mul(e1, e2);
      const dot = tf.sum(product, 1, true);
      const difference = tf.abs(tf.sub(e1, e2));
      const bilinearProduct = tf.sum(tf.mul(tf.matMul(e1, bilinear as tf.Tensor2D), e2), 1, true);
      return tf.concat([dot, product, difference, bilinearProduct], 1) as tf.Tensor2D;
    },
    exportOnnx: (g, encoded) => {
      const [e1, e2] = entities.map((columns, i) => stacks[i].exportOnnx(g, emitConcat(g, columns.map((f) => emitFeatureSlice(g, encoded, f)))));
      const axes = g.constant([1], [1], 'int64', 'axes');
      const product = g.op('Mul', [e1, e2]);
      const dot = g.op('ReduceSum', [product, axes], { keepdims: attr.int(1) });
      const difference = g.op('Abs', [g.op('Sub', [e1, e2])]);
      const bilinearProduct = g.op('ReduceSum', [g.op('Mul', [g.op('MatMul', [e1, g.param('combiner.bilinear_weights')]), e2]), axes], { keepdims: attr.int(1) });
      return g.op('Concat', [dot, product, difference, bilinearProduct], { axis: attr.int(1) });
    },
  };
};
