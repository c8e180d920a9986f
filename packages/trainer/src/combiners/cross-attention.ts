import * as tf from '@tensorflow/tfjs-core';
import type { CrossAttentionCombinerConfig } from '@overture/config';
import { CrossAttention } from '../layers/cross-attention.js';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { denseForward } from '../layers/dense.js';
import { initialize } from '../layers/initializers.js';
import { layerNorm } from '../layers/normalization.js';
import { emitDense } from '../export/ops.js';
import type { CombinerFactory } from './combiner.js';
import { emitFeatureSlice, featureSlice, inConfigOrder, locateFeatures } from './feature-columns.js';

/**
 * Ludwig's cross_attention combiner: each input feature i (config order) is projected to
 * hidden_size (p_i), queries the other projections with its own multi-head attention, and becomes
 * LayerNorm_i(p_i + attended) (PyTorch's ε 1e-5); with one feature there is nothing to attend
 * to and it is LayerNorm(p). The results are concatenated into the FC stack.
 */
export const crossAttentionCombiner: CombinerFactory<CrossAttentionCombinerConfig> = ({ config, inputSizes, inputFeatures, inputOrder, params, rng, inputIsData = false }) => {
  const h = config.hidden_size;
  const features = inConfigOrder(locateFeatures(inputSizes, inputFeatures), inputOrder);
  const n = features.length;
  const parts = features.map((f) => {
    const projector = `combiner.projectors.${f.name}`;
    params.create(`${projector}.kernel`, [f.width, h], initialize('xavier_uniform', [f.width, h], rng));
    params.create(`${projector}.bias`, [h], new Float32Array(h));
    const attention = n > 1 ? new CrossAttention(params, `combiner.cross_attention.${f.name}`, h, config.num_heads, config.dropout, rng) : null;
    return { f, projector, attention, norm: layerNorm(params, `combiner.layer_norms.${f.name}`, h) };
  });
  const stack = new FcStack(params, 'combiner.fc', h * n, resolveFcLayers(config), rng);
  return {
    outputSize: stack.outputSize,
    forward: (encoded, ctx) => {
      const projected = parts.map(({ f, projector }) =>
        denseForward(featureSlice(encoded, f), params.get(`${projector}.kernel`) as tf.Tensor2D, params.get(`${projector}.bias`) as tf.Tensor1D, 'linear', !inputIsData));
      const batch = projected[0].shape[0];
      const fused = parts.map(({ attention, norm }, i) => {
        if (!attention) return norm.apply(projected[i], ctx);
        // The other features as [batch·(n−1), h] rows grouped by batch item.
        const others = tf.reshape(tf.stack(projected.filter((_, j) => j !== i), 1), [batch * (n - 1), h]) as tf.Tensor2D;
        return norm.apply(tf.add(projected[i], attention.forward(projected[i], others, batch, 1, n - 1, ctx)) as tf.Tensor2D, ctx);
      });
      return stack.forward(fused.length === 1 ? fused[0] : (tf.concat(fused, 1) as tf.Tensor2D), ctx);
    },
    exportOnnx: (g, encoded) => {
      const projected = parts.map(({ f, projector }) => emitDense(g, emitFeatureSlice(g, encoded, f), g.param(`${projector}.kernel`), g.param(`${projector}.bias`)));
      const token = g.constant([-1, 1, h], [3], 'int64', 'shape');
      const rows = g.constant([-1, h], [2], 'int64', 'shape');
      const tokens = projected.map((p) => g.op('Reshape', [p, token]));
      const fused = parts.map(({ attention, norm }, i) => {
        if (!attention) return norm.exportOnnx(g, projected[i]);
        const othersList = tokens.filter((_, j) => j !== i);
        const others = othersList.length === 1 ? othersList[0] : g.op('Concat', othersList, { axis: { type: 'int', value: 1 } });
        const attended = g.op('Reshape', [attention.exportOnnx(g, tokens[i], others, 1, n - 1), rows]);
        return norm.exportOnnx(g, g.op('Add', [projected[i], attended]));
      });
      return stack.exportOnnx(g, fused.length === 1 ? fused[0] : g.op('Concat', fused, { axis: { type: 'int', value: 1 } }));
    },
  };
};
