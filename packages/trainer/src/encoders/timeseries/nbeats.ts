import * as tf from '@tensorflow/tfjs-core';
import { OvertureError, type NbeatsEncoderConfig } from '@overture/config';
import type { OnnxGraph } from '../../export/onnx-graph.js';
import { emitCastFloat, emitDense } from '../../export/ops.js';
import { denseForward } from '../../layers/dense.js';
import { dropout } from '../../layers/dropout.js';
import { initialize } from '../../layers/initializers.js';
import type { ParameterStore } from '../../model/parameters.js';
import type { SeededRandom } from '../../util/random.js';
import type { EncoderBuildArgs, EncoderFactory } from '../encoder.js';
import { floatSequenceOf } from '../float-sequence-input.js';

interface Linear {
  kernel: tf.Variable;
  bias: tf.Variable;
  prefix: string;
}

function linear(params: ParameterStore, prefix: string, from: number, to: number, rng: SeededRandom): Linear {
  return {
    prefix,
    kernel: params.create(`${prefix}.kernel`, [from, to], initialize('xavier_uniform', [from, to], rng)),
    bias: params.create(`${prefix}.bias`, [to], new Float32Array(to)),
  };
}

const apply = (x: tf.Tensor2D, p: Linear, activation: 'relu' | 'linear', inputNeedsGradient = true) =>
  denseForward(x, p.kernel as tf.Tensor2D, p.bias as tf.Tensor1D, activation, inputNeedsGradient);
const emit = (g: OnnxGraph, x: string, p: Linear) => emitDense(g, x, g.param(`${p.prefix}.kernel`), g.param(`${p.prefix}.bias`));

/** One N-BEATS block: num_layers ReLU layers, then a backcast head (series width) and a forecast head (output_size). */
interface Block {
  layers: Linear[];
  /** Null on the very last block: its backcast feeds nothing (Ludwig's head there never gets a gradient). */
  backcast: Linear | null;
  forecast: Linear;
}

/**
 * Ludwig's NBEATSEncoder (Oreshkin et al., 2020) over the padded series [batch, steps]: every block
 * reads the residual series, subtracts its backcast from it for the next block and adds its forecast
 * vector to the running sum; the sum is projected to output_size. Every layer is one dense kernel
 * (bias and ReLU fused), so a step costs 2 + (num_layers + 2) products per block.
 */
export const nbeatsEncoder: EncoderFactory<NbeatsEncoderConfig> = (args) => {
  const { name, config, params, rng } = args;
  const floats = floatSequenceOf(args as EncoderBuildArgs<unknown>);
  if (!floats || floats.channels !== 1) throw new OvertureError('internal', `${name}: the nbeats encoder reads a series of one value per step`);
  const steps = floats.length;
  const width = config.output_size;
  const total = config.num_stacks * config.num_blocks;
  const blocks: Block[] = [];
  for (let s = 0; s < config.num_stacks; s++) {
    for (let b = 0; b < config.num_blocks; b++) {
      const prefix = `${name}.stacks_${s}.block_${b}`;
      const layers = Array.from({ length: config.num_layers }, (_, l) => linear(params, `${prefix}.fc_${l}`, l === 0 ? steps : config.layer_size, config.layer_size, rng));
      const last = blocks.length === total - 1;
      blocks.push({
        layers,
        backcast: last ? null : linear(params, `${prefix}.backcast_head`, config.layer_size, steps, rng),
        forecast: linear(params, `${prefix}.forecast_head`, config.layer_size, width, rng),
      });
    }
  }
  const output = linear(params, `${name}.output_proj`, width, width, rng);

  return {
    outputSize: width,
    forward: (input, ctx) => {
      const x = input.dtype === 'float32' ? input : (tf.cast(input, 'float32') as tf.Tensor2D);
      let residual = x;
      let forecast: tf.Tensor2D | null = null;
      blocks.forEach((block, index) => {
        let h = residual;
        block.layers.forEach((layer, l) => {
          // The first product of the first block reads data: no input gradient is needed there.
          h = apply(h, layer, 'relu', index > 0 || l > 0);
          if (ctx.training && config.dropout > 0) h = dropout(h, config.dropout, ctx.rng.nextSeed());
        });
        const part = apply(h, block.forecast, 'linear');
        forecast = forecast === null ? part : (tf.add(forecast, part) as tf.Tensor2D);
        if (block.backcast) residual = tf.sub(residual, apply(h, block.backcast, 'linear')) as tf.Tensor2D;
      });
      return apply(forecast!, output, 'linear');
    },
    exportOnnx: (g, input) => {
      let residual = emitCastFloat(g, input);
      let forecast: string | null = null;
      for (const block of blocks) {
        let h = residual;
        for (const layer of block.layers) h = g.op('Relu', [emit(g, h, layer)]);
        const part = emit(g, h, block.forecast);
        forecast = forecast === null ? part : g.op('Add', [forecast, part]);
        if (block.backcast) residual = g.op('Sub', [residual, emit(g, h, block.backcast)]);
      }
      return emit(g, forecast!, output);
    },
  };
};
