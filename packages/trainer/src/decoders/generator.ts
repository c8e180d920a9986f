import { OvertureError, type GeneratorDecoderConfig } from '@overture/config';
import { SequenceGenerator } from '../layers/sequence-generator.js';
import type { DecoderFactory } from './decoder.js';

/**
 * Ludwig's `generator` decoder of text and sequence outputs (`SequenceGeneratorDecoder`): a
 * recurrent decoder whose initial state is the combiner's vector (reduced by `reduce_input` first
 * when the combiner keeps the steps, model/ecd.ts) and whose hidden size is that vector's width,
 * as Ludwig sets `input_size` from the combiner. Its logits go out in the tagger's layout,
 * [batch, steps × vocabulary] (layers/sequence-generator.ts); its hidden state for dependent
 * outputs is its input.
 */
export const generatorDecoder: DecoderFactory<GeneratorDecoderConfig> = ({ name, config, inputSize, outputSize, outputSteps, symbols, params, rng }) => {
  if (outputSteps === undefined || symbols === undefined) {
    throw new OvertureError('internal', `${name}: the generator decoder needs the output's max_sequence_length and its start, stop and padding ids`);
  }
  if (config.beam_width > 1) {
    throw new OvertureError('unsupported', `${name}: beam_width ${config.beam_width} (beam search) is a Ludwig option that Overture does not support yet; use beam_width: 1`);
  }
  const generator = new SequenceGenerator(params, name, {
    cell: config.cell_type,
    hiddenSize: inputSize,
    numLayers: config.num_layers,
    vocabSize: outputSize,
    steps: outputSteps,
    startId: symbols.start,
    stopId: symbols.stop,
    padId: symbols.pad,
    teacherForcingDecay: config.teacher_forcing_decay,
    teacherForcingDecayRate: config.teacher_forcing_decay_rate,
  }, rng);
  return {
    hiddenSize: inputSize,
    forward: (input, ctx, _stepMask, target) => ({ hidden: input, output: generator.forward(input, ctx, target) }),
    exportOnnx: (g, input) => ({ hidden: input, output: generator.exportOnnx(g, input) }),
  };
};
