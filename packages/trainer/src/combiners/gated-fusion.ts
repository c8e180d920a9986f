import * as tf from '@tensorflow/tfjs-core';
import type { GatedFusionCombinerConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { denseForward } from '../layers/dense.js';
import { initialize } from '../layers/initializers.js';
import { emitDense } from '../export/ops.js';
import type { CombinerFactory } from './combiner.js';
import { emitFeatureSlice, featureSlice, inConfigOrder, locateFeatures } from './feature-columns.js';

/**
 * Ludwig's gated_fusion combiner: each input feature i is projected to hidden_size (p_i); with
 * more than one feature, fused_i = p_i + tanh(g_i) ⊙ (concat of the other projections)·C_i + c_i,
 * the gate g_i learned from zero (so training starts from the features alone, as Ludwig's); the
 * fused projections are concatenated, in config order, into the FC stack.
 */
export const gatedFusionCombiner: CombinerFactory<GatedFusionCombinerConfig> = ({ config, inputSizes, inputFeatures, inputOrder, params, rng, inputIsData = false }) => {
  const h = config.hidden_size;
  const features = inConfigOrder(locateFeatures(inputSizes, inputFeatures), inputOrder);
  const n = features.length;
  const layer = (prefix: string, inSize: number) => {
    params.create(`${prefix}.kernel`, [inSize, h], initialize(config.weights_initializer, [inSize, h], rng));
    params.create(`${prefix}.bias`, [h], initialize(config.bias_initializer, [h], rng));
    return prefix;
  };
  const parts = features.map((f) => {
    const projector = layer(`combiner.projectors.${f.name}`, f.width);
    if (n === 1) return { f, projector, gate: null, cross: null };
    params.create(`combiner.gates.${f.name}`, [h], new Float32Array(h));
    return { f, projector, gate: `combiner.gates.${f.name}`, cross: layer(`combiner.cross_projections.${f.name}`, h * (n - 1)) };
  });
  const stack = new FcStack(params, 'combiner.fc', h * n, resolveFcLayers(config), rng);
  const dense = (x: tf.Tensor2D, prefix: string, needsGrad = true) =>
    denseForward(x, params.get(`${prefix}.kernel`) as tf.Tensor2D, params.get(`${prefix}.bias`) as tf.Tensor1D, 'linear', needsGrad);
  return {
    outputSize: stack.outputSize,
    forward: (encoded, ctx) => {
      const projected = parts.map(({ f, projector }) => dense(featureSlice(encoded, f), projector, !inputIsData));
      const fused = parts.map(({ gate, cross }, i) => {
        if (!gate || !cross) return projected[i];
        const others = projected.filter((_, j) => j !== i);
        const crossModal = dense(others.length === 1 ? others[0] : (tf.concat(others, 1) as tf.Tensor2D), cross);
        return tf.add(projected[i], tf.mul(tf.tanh(params.get(gate)), crossModal)) as tf.Tensor2D;
      });
      return stack.forward(fused.length === 1 ? fused[0] : (tf.concat(fused, 1) as tf.Tensor2D), ctx);
    },
    exportOnnx: (g, encoded) => {
      const emit = (x: string, prefix: string) => emitDense(g, x, g.param(`${prefix}.kernel`), g.param(`${prefix}.bias`));
      const concat = (xs: string[]) => (xs.length === 1 ? xs[0] : g.op('Concat', xs, { axis: { type: 'int', value: 1 } }));
      const projected = parts.map(({ f, projector }) => emit(emitFeatureSlice(g, encoded, f), projector));
      const fused = parts.map(({ gate, cross }, i) => {
        if (!gate || !cross) return projected[i];
        const crossModal = emit(concat(projected.filter((_, j) => j !== i)), cross);
        return g.op('Add', [projected[i], g.op('Mul', [g.op('Tanh', [g.param(gate)]), crossModal])]);
      });
      return stack.exportOnnx(g, concat(fused));
    },
  };
};
