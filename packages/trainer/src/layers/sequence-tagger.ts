import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';
import { attr, type OnnxGraph } from '../export/onnx-graph.js';
import type { ParameterStore } from '../model/parameters.js';
import type { SeededRandom } from '../util/random.js';
import { exportDense3d, MultiHeadSelfAttention } from './attention.js';
import { denseForward } from './dense.js';
import { initialize } from './initializers.js';

/**
 * Ludwig's `tagger` decoder (`SequenceTaggerDecoder`): per-step classification over a hidden
 * sequence that keeps its time axis — optionally multi-head self-attention over the steps first
 * (`use_attention`, `attention_embedding_size` 256, `attention_num_heads` 8), then one projection to
 * the vocabulary shared by every step. Ludwig requires the hidden input to be
 * [batch, max_sequence_length, input_size] exactly; so does this.
 *
 * The model's outputs travel as 2-D tensors, so the sequence comes in flattened row-major as
 * [batch, steps × inputSize] and the logits go out as [batch, steps × vocabSize];
 * `sequenceSoftmaxCrossEntropy` reads that layout.
 */
export interface SequenceTaggerOptions {
  steps: number;
  inputSize: number;
  vocabSize: number;
  useBias: boolean;
  useAttention: boolean;
  attentionEmbeddingSize: number;
  attentionNumHeads: number;
}

/**
 * The most logits one row may hold (steps × vocabulary): 2^22 floats, 16 MiB a row and 4 GiB for a
 * 256-row batch of them with their gradient — past this a vocabulary is too large to tag with.
 */
export const MAX_LOGITS_PER_ROW = 1 << 22;

export class SequenceTagger {
  private readonly attention: MultiHeadSelfAttention | null;
  private readonly projectionSize: number;
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable | null;

  constructor(params: ParameterStore, readonly name: string, private readonly options: SequenceTaggerOptions, rng: SeededRandom) {
    const { inputSize, vocabSize, steps } = options;
    if (steps * vocabSize > MAX_LOGITS_PER_ROW) {
      throw new OvertureError(
        'invalid_config',
        `${name}: the output vocabulary has ${vocabSize} tokens over ${steps} steps, ${steps * vocabSize} logits a row, above the limit of ${MAX_LOGITS_PER_ROW}: lower the output's preprocessing.most_common or max_sequence_length`,
      );
    }
    this.attention = options.useAttention
      ? new MultiHeadSelfAttention(params, `${name}.self_attention`, inputSize, options.attentionEmbeddingSize, rng, {
        numHeads: options.attentionNumHeads, useBias: true, weightsInitializer: 'xavier_uniform', biasInitializer: 'zeros',
      })
      : null;
    this.projectionSize = this.attention ? options.attentionEmbeddingSize : inputSize;
    // Ludwig's Dense: xavier_uniform weights, zero bias.
    this.kernel = params.create(`${name}.projection_layer.kernel`, [this.projectionSize, vocabSize], initialize('xavier_uniform', [this.projectionSize, vocabSize], rng));
    this.bias = options.useBias ? params.create(`${name}.projection_layer.bias`, [vocabSize], new Float32Array(vocabSize)) : null;
  }

  /** Fails as Ludwig does when the hidden input is not steps × input_size wide (an encoder that does not keep the length). */
  private checkWidth(width: number): void {
    const { steps, inputSize } = this.options;
    if (width !== steps * inputSize) {
      throw new Error(
        `${this.name}: the tagger decoder needs the hidden sequence as [batch, ${steps}, ${inputSize}] (${steps * inputSize} values a row), got ${width}: the encoder or combiner does not keep the sequence length`,
      );
    }
  }

  /** hidden [batch, steps·inputSize], mask [batch, steps] (1 on real steps) or null → logits [batch, steps·vocabSize]. */
  forward(hidden: tf.Tensor2D, mask: tf.Tensor2D | null): tf.Tensor2D {
    this.checkWidth(hidden.shape[1]);
    const { steps, inputSize, vocabSize } = this.options;
    return tf.tidy(() => {
      const batch = hidden.shape[0];
      let rows = tf.reshape(hidden, [batch * steps, inputSize]) as tf.Tensor2D;
      if (this.attention) rows = this.attention.forward(rows, batch, steps, mask);
      const logits = denseForward(rows, this.kernel as tf.Tensor2D, this.bias as tf.Tensor1D | null, 'linear');
      return tf.reshape(logits, [batch, steps * vocabSize]) as tf.Tensor2D;
    });
  }

  /** `forward` as ONNX nodes; `keyMask` is a float [batch, steps] mask or null. */
  exportOnnx(g: OnnxGraph, hidden: string, keyMask: string | null): string {
    const { steps, inputSize, vocabSize } = this.options;
    let x = g.op('Reshape', [hidden, g.constant([0, steps, inputSize], [3], 'int64', 'shape')]);
    if (this.attention) x = this.attention.exportOnnx(g, x, steps, keyMask);
    const logits = exportDense3d(g, x, { prefix: `${this.name}.projection_layer`, bias: this.bias });
    return g.op('Reshape', [logits, g.constant([0, steps * vocabSize], [2], 'int64', 'shape')]);
  }
}

/** Per-step softmax of flattened logits [batch, steps·vocab] → probabilities in the same layout. */
export function stepSoftmax(logits: tf.Tensor2D, steps: number, vocabSize: number): tf.Tensor2D {
  return tf.tidy(() => tf.reshape(tf.softmax(tf.reshape(logits, [logits.shape[0] * steps, vocabSize])), logits.shape) as tf.Tensor2D);
}

export function exportStepSoftmax(g: OnnxGraph, logits: string, steps: number, vocabSize: number): string {
  const shaped = g.op('Reshape', [logits, g.constant([0, steps, vocabSize], [3], 'int64', 'shape')]);
  const p = g.op('Softmax', [shaped], { axis: attr.int(-1) });
  return g.op('Reshape', [p, g.constant([0, steps * vocabSize], [2], 'int64', 'shape')]);
}
