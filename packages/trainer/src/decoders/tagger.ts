import { OvertureError, type TaggerDecoderConfig } from '@overture/config';
import * as tf from '@tensorflow/tfjs-core';
import { SequenceTagger } from '../layers/sequence-tagger.js';
import type { OnnxGraph } from '../export/onnx-graph.js';
import type { DecoderFactory } from './decoder.js';

/**
 * Ludwig's `tagger` decoder of text and sequence outputs: a class of the output vocabulary for
 * every step of the combined sequence (layers/sequence-tagger.ts). Its logits go out flattened,
 * [batch, steps × vocabulary]; its hidden state is its input (a tagger has no FC stack).
 */
export const taggerDecoder: DecoderFactory<TaggerDecoderConfig> = ({ name, config, inputSize, outputSize, inputSteps, padId, params, rng }) => {
  if (inputSteps === undefined) {
    throw new OvertureError('invalid_config', `${name}: the tagger decoder needs the combined sequence (a sequence_concat combiner with reduce_output: null over an input whose encoder has reduce_output: null)`);
  }
  const tagger = new SequenceTagger(params, name, {
    steps: inputSteps,
    inputSize,
    vocabSize: outputSize,
    useBias: config.use_bias,
    useAttention: config.use_attention,
    attentionEmbeddingSize: config.attention_embedding_size,
    attentionNumHeads: config.attention_num_heads,
  }, rng);
  const steps = inputSteps;
  const padRow = new Float32Array(outputSize).fill(PADDING_LOGIT);
  padRow[padId ?? 0] = 0;
  return {
    hiddenSize: inputSteps * inputSize,
    forward: (input, _ctx, stepMask) => {
      const logits = tagger.forward(input, stepMask ?? null);
      return { hidden: input, output: stepMask ? tf.tidy(() => padMaskedSteps(logits, stepMask, steps, padRow)) : logits };
    },
    exportOnnx: (g, input, stepMask) => {
      const logits = tagger.exportOnnx(g, input, stepMask ?? null);
      return { hidden: input, output: stepMask ? exportPadMaskedSteps(g, logits, stepMask, steps, padRow) : logits };
    },
  };
};

/** A logit that makes a token's probability 0 in float32 (exp(−10⁴) underflows). */
const PADDING_LOGIT = -1e4;

/**
 * Where the input has no token (its padding steps) the tagger answers the padding symbol: those
 * steps' logits become `padRow` (0 for the padding id, PADDING_LOGIT elsewhere). Their targets are
 * padding, which the loss leaves out, so training is unchanged; predictions and Ludwig's
 * sequence_accuracy (every step must match) read padding there rather than an untrained guess.
 */
function padMaskedSteps(logits: tf.Tensor2D, mask: tf.Tensor2D, steps: number, padRow: Float32Array): tf.Tensor2D {
  const [batch, width] = logits.shape;
  const vocab = width / steps;
  const m = tf.reshape(mask, [batch, steps, 1]);
  const shaped = tf.reshape(logits, [batch, steps, vocab]);
  const out = tf.add(tf.mul(shaped, m), tf.mul(tf.sub(1, m), tf.tensor1d(padRow)));
  return tf.reshape(out, [batch, width]);
}

function exportPadMaskedSteps(g: OnnxGraph, logits: string, mask: string, steps: number, padRow: Float32Array): string {
  const vocab = padRow.length;
  const m = g.op('Unsqueeze', [mask, g.constant([2], [1], 'int64', 'axes')]);
  const shaped = g.op('Reshape', [logits, g.constant([0, steps, vocab], [3], 'int64', 'shape')]);
  const pad = g.constant(Array.from(padRow), [vocab], 'float32', 'pad_row');
  const out = g.op('Add', [g.op('Mul', [shaped, m]), g.op('Mul', [g.op('Sub', [g.scalar(1), m]), pad])]);
  return g.op('Reshape', [out, g.constant([0, steps * vocab], [2], 'int64', 'shape')]);
}
