import * as tf from '@tensorflow/tfjs-core';
import type { ProjectAggregateCombinerConfig } from '@overture/config';
import { FcStack, resolveFcLayers } from '../layers/fc-stack.js';
import { denseForward } from '../layers/dense.js';
import { initialize } from '../layers/initializers.js';
import { emitDense } from '../export/ops.js';
import type { CombinerFactory } from './combiner.js';
import { locateFeatures } from './feature-columns.js';

/**
 * Ludwig's project_aggregate combiner: every input feature gets its own linear projection to
 * projection_size, the projections are averaged, then a fully connected stack (with `residual`,
 * a layer whose input and output sizes match adds its input back). The stacked passthrough
 * tensor's columns are one feature each: their projections are one product with the rows of
 * their kernels stacked, plus the sum of their biases.
 */
export const projectAggregateCombiner: CombinerFactory<ProjectAggregateCombinerConfig> = ({ config, inputSizes, inputFeatures, params, rng, inputIsData = false }) => {
  const size = config.projection_size;
  const features = locateFeatures(inputSizes, inputFeatures);
  const projections = features.map((f) => {
    const prefix = `combiner.projectors.${f.name}`;
    params.create(`${prefix}.kernel`, [f.width, size], initialize(config.weights_initializer, [f.width, size], rng));
    params.create(`${prefix}.bias`, [size], initialize(config.bias_initializer, [size], rng));
    return { ...f, prefix };
  });
  const byTensor = inputSizes.map((_, t) => projections.filter((p) => p.tensor === t));
  const specs = resolveFcLayers(config);
  const layers: FcStack[] = [];
  let width = size;
  specs.forEach((spec, i) => {
    layers.push(new FcStack(params, `combiner.layer_${i}`, width, [spec], rng));
    width = spec.output_size;
  });
  const scale = 1 / features.length;

  return {
    outputSize: width,
    forward: (encoded, ctx) => {
      const projected = byTensor.map((group, t) => {
        const kernels = group.map((p) => params.get(`${p.prefix}.kernel`) as tf.Tensor2D);
        const biases = group.map((p) => params.get(`${p.prefix}.bias`) as tf.Tensor1D);
        const kernel = kernels.length === 1 ? kernels[0] : (tf.concat(kernels, 0) as tf.Tensor2D);
        const bias = biases.length === 1 ? biases[0] : (tf.addN(biases) as tf.Tensor1D);
        return denseForward(encoded[t], kernel, bias, 'linear', !inputIsData);
      });
      let h = tf.mul(projected.length === 1 ? projected[0] : tf.addN(projected), scale) as tf.Tensor2D;
      for (const layer of layers) {
        const out = layer.forward(h, ctx);
        h = config.residual && out.shape[1] === h.shape[1] ? (tf.add(out, h) as tf.Tensor2D) : out;
      }
      return h;
    },
    exportOnnx: (g, encoded) => {
      const projected = byTensor.map((group, t) => {
        const kernels = group.map((p) => g.param(`${p.prefix}.kernel`));
        const biases = group.map((p) => g.param(`${p.prefix}.bias`));
        const kernel = kernels.length === 1 ? kernels[0] : g.op('Concat', kernels, { axis: { type: 'int', value: 0 } });
        const bias = biases.length === 1 ? biases[0] : g.op('Sum', biases);
        return emitDense(g, encoded[t], kernel, bias);
      });
      let h = g.op('Mul', [projected.length === 1 ? projected[0] : g.op('Sum', projected), g.scalar(scale)]);
      let hWidth = size;
      layers.forEach((layer, i) => {
        const out = layer.exportOnnx(g, h);
        const outWidth = specs[i].output_size;
        h = config.residual && outWidth === hWidth ? g.op('Add', [out, h]) : out;
        hWidth = outWidth;
      });
      return h;
    },
  };
};
