import { keepsSequence } from './encoders/text/sequence-fields.js';
import type { ProblemList } from './problems.js';
import type { ParsedConfig } from './validate.js';

/**
 * Cross-field checks of text and sequence outputs and of the inputs that keep their sequence
 * (`reduce_output: null`): what Ludwig's `check_tagger_decoder_requirements` and its
 * `SequenceConcatCombiner` require, and what Overture does not train yet.
 */

type Feature = { name: string; type: string };
const decoderType = (f: ParsedConfig['output_features'][number]): string => (f.decoder as { type: string }).type;
const lossType = (f: ParsedConfig['output_features'][number]): string => (f.loss as { type?: string }).type ?? '';
const isSequenceOutput = (f: Feature) => f.type === 'text' || f.type === 'sequence';
/** A timeseries passthrough that keeps its steps is one value a step, a plain vector to every combiner. */
const keepsItsSequence = (f: ParsedConfig['input_features'][number]) =>
  (f.type === 'text' || f.type === 'sequence' || (f.type === 'timeseries' && f.encoder.type !== 'passthrough'))
  && keepsSequence((f.encoder as { reduce_output?: string | null }).reduce_output);

export function addSequenceProblems(config: ParsedConfig, invalid: ProblemList, unsupported: ProblemList): void {
  const kept = config.input_features.filter(keepsItsSequence);
  const combiner = config.combiner as { type: string; main_sequence_feature?: string | null; reduce_output?: string | null };
  config.output_features.forEach((f, i) => {
    if (!isSequenceOutput(f)) return;
    const decoder = decoderType(f);
    if (decoder === 'transformer_generator') {
      unsupported.add(() => ({
        path: `output_features[${i}].decoder.type`,
        message: `'${decoder}' is a Ludwig ${f.type} decoder that Overture does not support yet (feature '${f.name}'): use decoder: {type: generator} (a recurrent decoder, Ludwig's default) or {type: tagger} to tag each token of a text or sequence input`,
      }));
    }
    if (decoder === 'generator') addGeneratorProblems(f, i, unsupported);
    if (lossType(f) === 'next_token_softmax_cross_entropy') {
      unsupported.add(() => ({ path: `output_features[${i}].loss.type`, message: `'next_token_softmax_cross_entropy' is a Ludwig ${f.type} loss that Overture does not support yet (feature '${f.name}'); use sequence_softmax_cross_entropy` }));
    }
    if (decoder !== 'tagger') return;
    addTaggerProblems(config, f, i, kept, combiner, invalid, unsupported);
  });
  config.input_features.forEach((f, i) => {
    if (f.type === 'timeseries' && f.encoder.type === 'transformer' && keepsSequence((f.encoder as { reduce_output?: string | null }).reduce_output)) {
      unsupported.add(() => ({ path: `input_features[${i}].encoder.reduce_output`, message: `reduce_output null on the transformer encoder of a timeseries is a Ludwig option that Overture does not support yet (feature '${f.name}'); reduce the steps (last, sum, mean, max, concat, attention)` }));
    }
    if (f.type !== 'audio' || !keepsSequence((f.encoder as { reduce_output?: string | null }).reduce_output)) return;
    unsupported.add(() => ({ path: `input_features[${i}].encoder.reduce_output`, message: `reduce_output null on an audio encoder (the frames kept as a sequence) is a Ludwig option that Overture does not support yet (feature '${f.name}'); reduce the frames (last, sum, mean, max, concat, attention)` }));
  });
  if (combiner.type === 'sequence_concat') {
    const main = combiner.main_sequence_feature;
    if (main !== null && main !== undefined && !kept.some((f) => f.name === main)) {
      invalid.add(() => ({
        path: 'combiner.main_sequence_feature',
        message: `main_sequence_feature '${main}' must name a text, sequence or timeseries input whose encoder keeps its sequence (reduce_output: null)${kept.length > 0 ? `; such inputs: ${kept.map((k) => `'${k.name}'`).join(', ')}` : ''}`,
      }));
    } else if (kept.length === 0) {
      invalid.add(() => ({
        path: 'combiner.type',
        message: 'the sequence_concat combiner needs an input whose encoder keeps its sequence: set reduce_output: null on the encoder of a text, sequence or timeseries input (Ludwig: "No sequence feature available for sequence combiner")',
      }));
    }
  } else if (!(combiner.type === 'concat' && config.input_features.length === 1)) {
    // Ludwig's concat passes a lone sequence through (its FC stack on every step); with other inputs its torch.cat fails.
    config.input_features.forEach((f, i) => {
      if (!keepsItsSequence(f)) return;
      unsupported.add(() => ({
        path: `input_features[${i}].encoder.reduce_output`,
        message: `reduce_output null (the whole sequence) with the ${combiner.type} combiner is a Ludwig combination that Overture does not support yet (feature '${f.name}'${combiner.type === 'concat' ? ', beside other inputs' : ''}); use combiner: {type: sequence_concat}, or reduce the sequence (sum, mean, max, concat, last)`,
      }));
    });
  }
}

/**
 * Beam search keeps several candidate sequences a step, which the exported ONNX graph (one greedy
 * decoding unrolled over max_sequence_length) cannot: refused by name rather than decoded greedily.
 */
function addGeneratorProblems(output: ParsedConfig['output_features'][number], at: number, unsupported: ProblemList): void {
  const decoder = output.decoder as { beam_width?: number };
  if ((decoder.beam_width ?? 1) > 1) {
    unsupported.add(() => ({
      path: `output_features[${at}].decoder.beam_width`,
      message: `beam_width ${decoder.beam_width} (beam search) on the generator decoder of '${output.name}' is a Ludwig option that Overture does not support yet; use beam_width: 1 (greedy decoding)`,
    }));
  }
}

/** A tagger classifies every step of a sequence, so the combiner must hand it one. */
function addTaggerProblems(
  config: ParsedConfig, output: Feature & { dependencies: string[] }, at: number, kept: Feature[],
  combiner: { type: string; reduce_output?: string | null }, invalid: ProblemList, unsupported: ProblemList,
): void {
  const name = output.name;
  if (kept.length === 0) {
    const sequenceInputs = config.input_features.filter((f) => f.type === 'text' || f.type === 'sequence' || f.type === 'timeseries');
    invalid.add(() => ({
      path: `output_features[${at}].decoder.type`,
      message: sequenceInputs.length === 0
        ? `the tagger decoder of '${name}' tags every step of an input sequence, but there is no text or sequence input feature; add one, or use the generator decoder`
        : `the tagger decoder of '${name}' tags every step of an input sequence, but every text and sequence input reduces its sequence to one vector; set reduce_output: null on the encoder of ${sequenceInputs.map((f) => `'${f.name}'`).join(' or ')} (with a combiner that keeps the sequence), or use the generator decoder`,
    }));
    return;
  }
  if (combiner.type === 'sequence_concat' && !keepsSequence(combiner.reduce_output)) {
    invalid.add(() => ({
      path: 'combiner.reduce_output',
      message: `the tagger decoder of '${name}' needs the combined sequence, but the sequence_concat combiner reduces it (reduce_output: ${combiner.reduce_output}); set combiner.reduce_output: null`,
    }));
  }
  if (output.dependencies.length > 0) {
    unsupported.add(() => ({ path: `output_features[${at}].dependencies`, message: `dependencies of a tagger output are a Ludwig option that Overture does not support yet (feature '${name}'); remove them` }));
  }
  if (config.output_features.some((o) => o.dependencies.includes(name))) {
    unsupported.add(() => ({ path: `output_features[${at}].name`, message: `an output depending on the tagger output '${name}' is a Ludwig option that Overture does not support yet; remove '${name}' from its dependencies` }));
  }
}
