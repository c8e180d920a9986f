import * as tf from '@tensorflow/tfjs-core';
import type { TabNetCombinerConfig } from '@overture/config';
import type { ForwardContext } from '../model/context.js';
import type { SeededRandom } from '../util/random.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import { denseForward } from '../layers/dense.js';
import { dropout } from '../layers/dropout.js';
import { createGhostBatchNorm, type GhostBatchNormOptions } from '../layers/ghost-batch-norm.js';
import type { Norm } from '../layers/normalization.js';
import { emitEntmax, entmax } from '../layers/entmax.js';
import { emitColumns, emitConcat, emitDense } from '../export/ops.js';
import type { Combiner, CombinerFactory } from './combiner.js';

/** What a TabNet forward pass computes besides its output: the masks, for explanations. */
export interface TabNetOutputs {
  output: tf.Tensor2D;
  /** Σ_steps mask · (Σ of the step's decision output)/num_steps: each input column's importance per row. */
  aggregatedMasks: tf.Tensor2D;
  /** Each step's attention mask over the input columns, [batch, input width]. */
  masks: tf.Tensor2D[];
}

export interface TabNetCombiner extends Combiner {
  forwardWithMasks(encoded: tf.Tensor2D[], ctx: ForwardContext): TabNetOutputs;
}

/** PyTorch's nn.Linear default (what Ludwig's TabNet layers get): uniform in ±1/√fan_in. */
function linearInit(shape: number[], fanIn: number, rng: SeededRandom): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng.next() * 2 - 1) * bound);
}

/** A fully connected layer without bias, ghost batch norm, then a gated linear unit when `glu` (its width halves). */
interface FeatureBlock {
  forward(x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D;
  exportOnnx(g: OnnxGraph, x: string): string;
}

function featureBlock(kernelName: string, kernel: tf.Variable, norm: Norm, glu: number | null): FeatureBlock {
  return {
    forward: (x, ctx) => {
      const h = norm.apply(denseForward(x, kernel as tf.Tensor2D, null, 'linear'), ctx);
      if (glu === null) return h;
      const [value, gate] = tf.split(h, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      return tf.mul(value, tf.sigmoid(gate)) as tf.Tensor2D;
    },
    exportOnnx: (g, x) => {
      const h = norm.exportOnnx(g, emitDense(g, x, g.param(kernelName), null));
      if (glu === null) return h;
      return g.op('Mul', [emitColumns(g, h, 0, glu), g.op('Sigmoid', [emitColumns(g, h, glu, 2 * glu)])]);
    },
  };
}

/** Blocks whose outputs are summed with the previous ones and scaled by √0.5 (after the first). */
function featureTransformer(blocks: FeatureBlock[]): FeatureBlock {
  return {
    forward: (x, ctx) => {
      let h = blocks[0].forward(x, ctx);
      for (const block of blocks.slice(1)) h = tf.mul(tf.add(block.forward(h, ctx), h), Math.SQRT1_2) as tf.Tensor2D;
      return h;
    },
    exportOnnx: (g, x) => {
      let h = blocks[0].exportOnnx(g, x);
      for (const block of blocks.slice(1)) h = g.op('Mul', [g.op('Add', [block.exportOnnx(g, h), h]), g.scalar(Math.SQRT1_2)]);
      return h;
    },
  };
}

/**
 * TabNet (Arik & Pfister, 2019), as Ludwig's TabNetCombiner computes it: the concatenated encoder
 * outputs are batch-normalized; a feature transformer turns them into [decision | attention]
 * parts; each step's attentive transformer maps the previous attention part to a sparse mask
 * over the input columns (scaled by the prior, which shrinks by relaxation_factor − mask for
 * columns already used), the masked inputs go through that step's feature transformer, and the
 * ReLU of its decision part is summed over steps and projected. The first num_shared_blocks
 * blocks' weights are shared by every step; each step keeps its own batch norms.
 */
export const tabnetCombiner: CombinerFactory<TabNetCombinerConfig> = ({ config, inputSizes, params, rng }): TabNetCombiner => {
  const inputSize = inputSizes.reduce((a, b) => a + b, 0);
  const { size, output_size: outputSize, num_steps: steps, relaxation_factor: relaxation } = config;
  const hidden = size + outputSize;
  const bn: GhostBatchNormOptions = { momentum: config.bn_momentum, epsilon: config.bn_epsilon, virtualBatchSize: config.bn_virtual_bs };
  const inputNorm = createGhostBatchNorm(params, 'combiner.input_norm', inputSize, { ...bn, virtualBatchSize: null });

  const kernel = (name: string, fanIn: number, units: number) => params.create(name, [fanIn, units], linearInit([fanIn, units], fanIn, rng));
  const shared = Array.from({ length: config.num_shared_blocks }, (_, n) => {
    const fanIn = n === 0 ? inputSize : hidden;
    return { name: `combiner.shared_${n}.kernel`, variable: kernel(`combiner.shared_${n}.kernel`, fanIn, 2 * hidden) };
  });
  const transformers = Array.from({ length: steps + 1 }, (_, step) => featureTransformer(
    Array.from({ length: config.num_total_blocks }, (_, n) => {
      const prefix = `combiner.step_${step}.block_${n}`;
      const own = shared[n] ?? { name: `${prefix}.kernel`, variable: kernel(`${prefix}.kernel`, n === 0 ? inputSize : hidden, 2 * hidden) };
      return featureBlock(own.name, own.variable, createGhostBatchNorm(params, `${prefix}.norm`, 2 * hidden, bn), hidden);
    }),
  ));
  const attentive = Array.from({ length: steps }, (_, i) => {
    const prefix = `combiner.step_${i + 1}.attentive`;
    return featureBlock(`${prefix}.kernel`, kernel(`${prefix}.kernel`, size, inputSize), createGhostBatchNorm(params, `${prefix}.norm`, inputSize, bn), null);
  });
  const projection = {
    kernel: params.create('combiner.projection.kernel', [outputSize, outputSize], linearInit([outputSize, outputSize], outputSize, rng)),
    bias: params.create('combiner.projection.bias', [outputSize], linearInit([outputSize], outputSize, rng)),
  };
  // Ludwig's `constant` is α-entmax by bisection with α = entmax_alpha (`adaptive` is refused by the schema).
  const mode = config.entmax_mode === 'entmax15' ? 'entmax15' : config.entmax_mode === 'constant' ? 'bisect' : 'sparsemax';
  const alpha = config.entmax_alpha;

  // The aggregated masks are for explanations only: training skips them (no gradient flows from them).
  const run = (encoded: tf.Tensor2D[], ctx: ForwardContext, aggregate: boolean): TabNetOutputs => {
    const concatenated = encoded.length === 1 ? encoded[0] : (tf.concat(encoded, 1) as tf.Tensor2D);
    const features = inputNorm.apply(concatenated, ctx);
    const rows = features.shape[0];
    let x = transformers[0].forward(features, ctx);
    let prior: tf.Tensor2D | null = null;
    let accumulated: tf.Tensor2D | null = null;
    let aggregatedMasks: tf.Tensor2D = tf.zeros([rows, inputSize]);
    const masks: tf.Tensor2D[] = [];
    const entropies: tf.Scalar[] = [];
    for (let step = 1; step <= steps; step++) {
      const logits = attentive[step - 1].forward(tf.slice(x, [0, outputSize], [rows, size]), ctx);
      const mask = entmax(prior ? (tf.mul(logits, prior) as tf.Tensor2D) : logits, mode, alpha);
      prior = (prior ? tf.mul(prior, tf.sub(relaxation, mask)) : tf.sub(relaxation, mask)) as tf.Tensor2D;
      masks.push(mask);
      if (config.sparsity !== 0 && ctx.auxiliaryLosses) {
        entropies.push(tf.mean(tf.sum(tf.neg(tf.mul(mask, tf.log(tf.add(mask, 1e-5)))), 1)) as tf.Scalar);
      }
      x = transformers[step].forward(tf.mul(mask, features) as tf.Tensor2D, ctx);
      const decision = tf.relu(tf.slice(x, [0, 0], [rows, outputSize])) as tf.Tensor2D;
      accumulated = accumulated ? (tf.add(accumulated, decision) as tf.Tensor2D) : decision;
      if (aggregate) aggregatedMasks = tf.add(aggregatedMasks, tf.mul(mask, tf.div(tf.sum(decision, 1, true), steps))) as tf.Tensor2D;
    }
    if (entropies.length > 0) {
      // Ludwig's sparsity loss: the mean row entropy of the masks, averaged over steps, times `sparsity`.
      ctx.auxiliaryLosses!.push(tf.mul(tf.addN(entropies), config.sparsity / steps) as tf.Scalar);
    }
    let output = denseForward(accumulated ?? tf.zeros([rows, outputSize]), projection.kernel as tf.Tensor2D, projection.bias as tf.Tensor1D, 'linear');
    if (ctx.training && config.dropout > 0) output = dropout(output, config.dropout, ctx.rng.nextSeed());
    return { output, aggregatedMasks, masks };
  };

  return {
    outputSize,
    forwardWithMasks: (encoded, ctx) => run(encoded, ctx, true),
    forward: (encoded, ctx) => run(encoded, ctx, false).output,
    exportOnnx: (g, encoded) => {
      const features = inputNorm.exportOnnx(g, emitConcat(g, encoded));
      let x = transformers[0].exportOnnx(g, features);
      let prior: string | null = null;
      let accumulated: string | null = null;
      for (let step = 1; step <= steps; step++) {
        const logits = attentive[step - 1].exportOnnx(g, emitColumns(g, x, outputSize, hidden));
        const mask = emitEntmax(g, prior ? g.op('Mul', [logits, prior]) : logits, inputSize, mode, alpha);
        const remaining = g.op('Sub', [g.scalar(relaxation), mask]);
        prior = prior ? g.op('Mul', [prior, remaining]) : remaining;
        x = transformers[step].exportOnnx(g, g.op('Mul', [mask, features]));
        const decision = g.op('Relu', [emitColumns(g, x, 0, outputSize)]);
        accumulated = accumulated ? g.op('Add', [accumulated, decision]) : decision;
      }
      // With no step the sum is zero: a zero matrix of the batch's rows, from the first transformer's output.
      const sum = accumulated ?? g.op('Mul', [emitColumns(g, x, 0, outputSize), g.scalar(0)]);
      return emitDense(g, sum, g.param('combiner.projection.kernel'), g.param('combiner.projection.bias'));
    },
  };
};
