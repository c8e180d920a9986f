import * as tf from '@tensorflow/tfjs-core';
import type { HyperNetworkCombinerConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { denseForward } from '../layers/dense.js';
import { initialize } from '../layers/initializers.js';
import { emitDense } from '../export/ops.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import type { CombinerFactory } from './combiner.js';
import { emitFeatureSlice, featureSlice, inConfigOrder, locateFeatures } from './feature-columns.js';

function linear(params: ParameterStore, prefix: string, inSize: number, outSize: number, rng: SeededRandom) {
  params.create(`${prefix}.kernel`, [inSize, outSize], initialize('xavier_uniform', [inSize, outSize], rng));
  params.create(`${prefix}.bias`, [outSize], new Float32Array(outSize));
  return prefix;
}

/**
 * Ludwig's hypernetwork combiner: each input feature is projected to hidden_size H; the first
 * input feature (config order) is the conditioning one: its projection c passes through, and
 * W = reshape(relu(c·A + a)·B + b, [H, H]) is a matrix per row applied to the projection p of
 * every other feature (W·p, one batched product). The pieces are concatenated, then the FC stack
 * (Ludwig's defaults: no layer). With one input feature there is nothing to transform and no
 * generator is built (Ludwig builds one it never uses).
 */
export const hyperNetworkCombiner: CombinerFactory<HyperNetworkCombinerConfig> = ({ config, inputSizes, inputFeatures, inputOrder, params, rng, inputIsData = false }) => {
  const h = config.hidden_size;
  const features = inConfigOrder(locateFeatures(inputSizes, inputFeatures), inputOrder);
  const projectors = features.map((f) => ({ f, prefix: linear(params, `combiner.projectors.${f.name}`, f.width, h, rng) }));
  const generator = features.length > 1
    ? [linear(params, 'combiner.hyper_net.0', h, config.hyper_hidden_size, rng), linear(params, 'combiner.hyper_net.2', config.hyper_hidden_size, h * h, rng)]
    : null;
  const stack = new FcStack(params, 'combiner.fc', h * features.length, resolveFcLayers({
    num_fc_layers: config.num_fc_layers, output_size: config.output_size, activation: config.activation, dropout: config.dropout,
  }), rng);
  const dense = (x: tf.Tensor2D, prefix: string, relu: boolean, needsGrad = true) =>
    denseForward(x, params.get(`${prefix}.kernel`) as tf.Tensor2D, params.get(`${prefix}.bias`) as tf.Tensor1D, relu ? 'relu' : 'linear', needsGrad);
  return {
    outputSize: stack.outputSize,
    forward: (encoded, ctx) => {
      const projected = projectors.map(({ f, prefix }) => dense(featureSlice(encoded, f), prefix, false, !inputIsData));
      let pieces = projected;
      if (generator) {
        const rows = projected[0].shape[0];
        const weights = tf.reshape(dense(dense(projected[0], generator[0], true), generator[1], false), [rows, h, h]) as tf.Tensor3D;
        pieces = [projected[0], ...projected.slice(1).map((p) => tf.reshape(tf.matMul(weights, tf.reshape(p, [rows, h, 1]) as tf.Tensor3D), [rows, h]) as tf.Tensor2D)];
      }
      return stack.forward(pieces.length === 1 ? pieces[0] : (tf.concat(pieces, 1) as tf.Tensor2D), ctx);
    },
    exportOnnx: (g, encoded) => {
      const emit = (x: string, prefix: string) => emitDense(g, x, g.param(`${prefix}.kernel`), g.param(`${prefix}.bias`));
      const projected = projectors.map(({ f, prefix }) => emit(emitFeatureSlice(g, encoded, f), prefix));
      let pieces = projected;
      if (generator) {
        const weights = g.op('Reshape', [emit(g.op('Relu', [emit(projected[0], generator[0])]), generator[1]), g.constant([-1, h, h], [3], 'int64', 'shape')]);
        const column = g.constant([-1, h, 1], [3], 'int64', 'shape');
        const row = g.constant([-1, h], [2], 'int64', 'shape');
        pieces = [projected[0], ...projected.slice(1).map((p) => g.op('Reshape', [g.op('MatMul', [weights, g.op('Reshape', [p, column])]), row]))];
      }
      return stack.exportOnnx(g, pieces.length === 1 ? pieces[0] : g.op('Concat', pieces, { axis: { type: 'int', value: 1 } }));
    },
  };
};
