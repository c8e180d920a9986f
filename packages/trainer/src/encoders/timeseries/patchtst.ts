import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type PatchtstEncoderConfig } from '@overture/config';
import { attr } from '../../export/onnx-graph.js';
import { emitCastFloat, emitDense } from '../../export/ops.js';
import { exportDense3d } from '../../layers/attention.js';
import { denseForward } from '../../layers/dense.js';
import { initialize } from '../../layers/initializers.js';
import { layerNorm } from '../../layers/normalization.js';
import { TransformerStack } from '../../layers/transformer.js';
import type { EncoderBuildArgs, EncoderFactory } from '../encoder.js';
import { floatSequenceOf } from '../float-sequence-input.js';

/** PyTorch's LayerNorm and TransformerEncoderLayer ε, which Ludwig's PatchTST keeps. */
const TORCH_EPSILON = 1e-5;

/** Number of patches of `size` steps every `stride` steps that fit in `steps` (torch's unfold). */
export function patchCount(steps: number, size: number, stride: number): number {
  return steps < size ? 0 : Math.floor((steps - size) / stride) + 1;
}

/**
 * Ludwig's PatchTSTEncoder (Nie et al., 2023) over the padded series [batch, steps]: patches as
 * torch's unfold cuts them (steps after the last whole patch are left out), each projected to
 * d_model plus a learned position, the shared pre-norm transformer blocks (layers/transformer.ts,
 * PyTorch's norm_first layer), a final layer norm, the mean / last / first patch, and a linear head
 * to output_size. The patches are one gather of the input (data: no gradient flows back into it).
 */
export const patchtstEncoder: EncoderFactory<PatchtstEncoderConfig> = (args) => {
  const { name, config, params, rng } = args;
  const floats = floatSequenceOf(args as EncoderBuildArgs<unknown>);
  if (!floats || floats.channels !== 1) throw new OvertureError('internal', `${name}: the patchtst encoder reads a series of one value per step`);
  const steps = floats.length;
  const size = config.patch_size;
  const patches = patchCount(steps, size, config.patch_stride);
  if (patches === 0) {
    throw new OvertureError(
      'invalid_config',
      `${name.replace(/^encoders\./, "feature '")}': the series has ${steps} steps, fewer than patch_size ${size}; use a smaller patch_size or a longer series (window_size, timeseries_length_limit)`,
    );
  }
  const d = config.d_model;
  // Step indices of every patch, patch-major: [patches × patch_size].
  const indices = Int32Array.from({ length: patches * size }, (_, i) => Math.floor(i / size) * config.patch_stride + (i % size));
  const project = {
    prefix: `${name}.patch_proj`,
    kernel: params.create(`${name}.patch_proj.kernel`, [size, d], initialize('xavier_uniform', [size, d], rng)),
    bias: params.create(`${name}.patch_proj.bias`, [d], new Float32Array(d)),
  };
  // Ludwig: trunc_normal_(std=0.02); ±2 (its bounds) is 100 standard deviations, so a plain normal.
  const positionValues = Float32Array.from({ length: patches * d }, () => rng.nextGaussian() * 0.02);
  const positions = params.create(`${name}.pos_embed`, [patches, d], positionValues);
  const stack = new TransformerStack(params, `${name}.transformer`, {
    numLayers: config.num_layers, hiddenSize: d, numHeads: config.num_heads, feedForwardSize: config.ffn_dim, dropout: config.dropout,
    normFirst: true, epsilon: TORCH_EPSILON,
  }, rng);
  const norm = layerNorm(params, `${name}.norm`, d, TORCH_EPSILON);
  const head = {
    kernel: params.create(`${name}.head.kernel`, [d, config.output_size], initialize('xavier_uniform', [d, config.output_size], rng)),
    bias: params.create(`${name}.head.bias`, [config.output_size], new Float32Array(config.output_size)),
  };
  const reduce = config.reduce_output;

  return {
    outputSize: config.output_size,
    forward: (input, ctx) => {
      const batch = input.shape[0];
      const x = input.dtype === 'float32' ? input : (tf.cast(input, 'float32') as tf.Tensor2D);
      const cut = tf.reshape(tf.gather(x, tf.tensor1d(indices, 'int32'), 1), [batch * patches, size]) as tf.Tensor2D;
      const embedded = denseForward(cut, project.kernel as tf.Tensor2D, project.bias as tf.Tensor1D, 'linear', false);
      const h = tf.reshape(tf.add(tf.reshape(embedded, [batch, patches, d]), positions), [batch * patches, d]) as tf.Tensor2D;
      const encoded = tf.reshape(norm.apply(stack.forward(h, batch, patches, null, ctx), ctx), [batch, patches, d]);
      const pooled = (reduce === 'mean'
        ? tf.mean(encoded, 1)
        : tf.reshape(tf.slice(encoded, [0, reduce === 'last' ? patches - 1 : 0, 0], [batch, 1, d]), [batch, d])) as tf.Tensor2D;
      return denseForward(pooled, head.kernel as tf.Tensor2D, head.bias as tf.Tensor1D, 'linear');
    },
    exportOnnx: (g, input) => {
      const x = emitCastFloat(g, input);
      const cut = g.op('Gather', [x, g.constant(Array.from(indices), [patches, size], 'int64', 'patch_indices')], { axis: attr.int(1) });
      const h = g.op('Add', [exportDense3d(g, cut, project), g.param(`${name}.pos_embed`)]);
      const encoded = norm.exportOnnx(g, stack.exportOnnx(g, h, patches, null));
      // ReduceMean takes its axes as an attribute up to opset 18; a scalar Gather index drops the axis.
      const pooled = reduce === 'mean'
        ? g.op('ReduceMean', [encoded], { axes: attr.ints([1]), keepdims: attr.int(0) })
        : g.op('Gather', [encoded, g.constant([reduce === 'last' ? patches - 1 : 0], [], 'int64', 'patch')], { axis: attr.int(1) });
      return emitDense(g, pooled, g.param(`${name}.head.kernel`), g.param(`${name}.head.bias`));
    },
  };
};
