import * as tf from '@tensorflow/tfjs-core';
import { keepsSequence, OvertureError, type SequenceConcatCombinerConfig } from '@overture/config';
import { attr } from '../export/onnx-graph.js';
import { exportReduceSequence, reducedSize, reduceSequence, sequenceReduction } from '../encoders/text/reduce-sequence.js';
import type { CombinerFactory } from './combiner.js';

/**
 * Ludwig's `sequence_concat` combiner (`SequenceConcatCombiner`): the main sequence input's steps
 * [batch, steps, size] with, at every step, the other sequence inputs' steps (same length) and the
 * other inputs' vectors repeated over the steps, concatenated along the hidden axis; then
 * `reduce_output` (null keeps the steps, for a tagger). The main input is `main_sequence_feature`,
 * else the first input that is a sequence, as Ludwig's; its padding mask is the combined one's.
 * No parameters.
 */
export const sequenceConcatCombiner: CombinerFactory<SequenceConcatCombinerConfig> = ({ config, inputSizes, inputFeatures, inputSequences }) => {
  const sequences = inputSequences ?? inputSizes.map(() => null);
  const named = config.main_sequence_feature;
  const main = named !== null
    ? sequences.findIndex((s, i) => s !== null && (inputFeatures?.[i] ?? []).some((f) => f.name === named))
    : sequences.findIndex((s) => s !== null);
  const mainSequence = sequences[main];
  if (main < 0 || !mainSequence) {
    throw new OvertureError('invalid_config', named !== null
      ? `combiner.main_sequence_feature '${named}' is not an input whose encoder keeps its sequence (reduce_output: null)`
      : 'the sequence_concat combiner needs an input whose encoder keeps its sequence (reduce_output: null): no sequence feature is available');
  }
  const steps = mainSequence.steps;
  const nameOf = (i: number) => (inputFeatures?.[i] ?? []).map((f) => f.name).join(', ') || `input ${i}`;
  // The main input first, then the others in order.
  const order = [main, ...inputSizes.map((_, i) => i).filter((i) => i !== main)];
  const parts = order.map((i) => {
    const sequence = sequences[i];
    if (sequence && sequence.steps !== steps) {
      throw new OvertureError(
        'invalid_config',
        `the sequence length of input '${nameOf(i)}' is ${sequence.steps} and differs from the ${steps} steps of the main sequence feature '${nameOf(main)}': sequences concatenated by sequence_concat must have the same length; give both the same preprocessing max_sequence_length (sequence_length) or reduce the output of '${nameOf(i)}'`,
      );
    }
    return { index: i, size: sequence ? sequence.size : inputSizes[i], tiled: sequence === null };
  });
  const size = parts.reduce((n, p) => n + p.size, 0);
  const reduction = keepsSequence(config.reduce_output) ? null : sequenceReduction(config.reduce_output, 'combiner');
  const missingMask = () => new OvertureError('internal', 'sequence_concat needs the padding mask of its main sequence input');
  return {
    outputSize: reduction ? reducedSize(reduction, steps, size) : steps * size,
    sequence: reduction ? undefined : { steps, size, maskOf: main },
    forward: (encoded, _ctx, masks) => {
      const batch = encoded[main].shape[0];
      const pieces = parts.map((p) => (p.tiled
        ? tf.tile(tf.expandDims(encoded[p.index], 1), [1, steps, 1])
        : tf.reshape(encoded[p.index], [batch, steps, p.size])));
      const x = (pieces.length === 1 ? pieces[0] : tf.concat(pieces, 2)) as tf.Tensor3D;
      if (!reduction) return tf.reshape(x, [batch, steps * size]);
      const mask = masks?.[main];
      if (!mask) throw missingMask();
      return reduceSequence(x, mask, reduction);
    },
    exportOnnx: (g, encoded, masks) => {
      const pieces = parts.map((p) => (p.tiled
        ? g.op('Tile', [g.op('Unsqueeze', [encoded[p.index], g.constant([1], [1], 'int64', 'axes')]), g.constant([1, steps, 1], [3], 'int64', 'repeats')])
        : g.op('Reshape', [encoded[p.index], g.constant([0, steps, p.size], [3], 'int64', 'shape')])));
      const x = pieces.length === 1 ? pieces[0] : g.op('Concat', pieces, { axis: attr.int(2) });
      if (!reduction) return g.op('Reshape', [x, g.constant([0, steps * size], [2], 'int64', 'shape')]);
      const mask = masks?.[main];
      if (!mask) throw missingMask();
      return exportReduceSequence(g, x, mask, reduction, steps, size);
    },
  };
};
