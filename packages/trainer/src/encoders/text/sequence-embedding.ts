import * as tf from '@tensorflow/tfjs-core';
import { OvertureError } from '@overture/config';
import { attr, type OnnxGraph } from '../../export/onnx-graph.js';
import { dropout } from '../../layers/dropout.js';
import { embeddingLookup, exportEmbeddingLookup } from '../../layers/embedding.js';
import { initialize } from '../../layers/initializers.js';
import type { ForwardContext } from '../../model/context.js';
import type { EncoderBuildArgs } from '../encoder.js';
import { isTokenSequenceMetadata } from '../../preprocessing/types.js';
import { tokenTableWidth } from '../embeddings.js';

/**
 * The largest vocabulary a `sparse` representation takes: its table is the vocabulary's identity
 * matrix (vocab_size² floats, Ludwig's one-hot rows), 64 MiB at this bound.
 */
export const MAX_SPARSE_VOCABULARY = 4096;

export interface SequenceEmbeddingConfig {
  representation: 'dense' | 'sparse';
  embedding_size: number;
  embeddings_trainable: boolean;
  pretrained_embeddings?: string | null;
  weights_initializer: string;
  dropout: number;
}

/** The token ids of one text column, what encoders over sequences start from. */
export interface SequenceInput {
  /** Steps of the padded id sequence (max_sequence_length). */
  length: number;
  /** The id of the padding symbol: steps holding it are masked out of the reductions. */
  padId: number;
}

export function sequenceInputOf(args: EncoderBuildArgs<unknown>): SequenceInput {
  const meta = args.input.metadata;
  if (!isTokenSequenceMetadata(meta) || meta.str2idf !== null) {
    throw new OvertureError('invalid_config', `${args.name}: a sequence encoder needs the text as token ids (only tf_idf reads tf-idf vectors)`);
  }
  return { length: meta.max_sequence_length, padId: meta.pad_idx };
}

/**
 * Ludwig's EmbedSequence: each token id becomes a row of the table, then dropout. `dense`
 * learns min(vocab_size, embedding_size) numbers per token; `sparse` uses fixed one-hot rows.
 */
export class SequenceEmbedding {
  readonly size: number;
  private readonly tableName: string;
  private readonly table: tf.Variable;

  constructor(args: EncoderBuildArgs<unknown>, private readonly config: SequenceEmbeddingConfig) {
    const vocab = args.input.vocabSize;
    this.tableName = `${args.name}.embeddings`;
    if (config.representation === 'sparse') {
      if (vocab > MAX_SPARSE_VOCABULARY) {
        throw new OvertureError(
          'invalid_config',
          `feature '${args.name.replace(/^encoders\./, '')}': representation sparse makes a one-hot table of vocab_size² values; the vocabulary has ${vocab} tokens, above the limit of ${MAX_SPARSE_VOCABULARY}: lower preprocessing.most_common or use representation dense`,
        );
      }
      this.size = vocab;
      const eye = new Float32Array(vocab * vocab);
      for (let i = 0; i < vocab; i++) eye[i * vocab + i] = 1;
      this.table = args.params.create(this.tableName, [vocab, vocab], eye, false);
    } else {
      this.size = tokenTableWidth(vocab, config);
      this.table = args.params.create(
        this.tableName, [vocab, this.size], initialize(config.weights_initializer, [vocab, this.size], args.rng), config.embeddings_trainable,
      );
    }
  }

  /** Whether a gradient flows into the embeddings (so the first layer after them needs its input gradient). */
  get trainable(): boolean {
    return this.config.representation === 'dense' && this.config.embeddings_trainable;
  }

  forward(ids: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
    const h = embeddingLookup(this.table as tf.Tensor2D, ids);
    return ctx.training && this.config.dropout > 0 ? dropout(h, this.config.dropout, ctx.rng.nextSeed()) : h;
  }

  exportOnnx(g: OnnxGraph, ids: string): string {
    return exportEmbeddingLookup(g, g.param(this.tableName), ids);
  }
}

/** 1 where a step holds a token (start and stop symbols included), 0 on padding: [batch, seq] float32. */
export function sequenceMask(ids: tf.Tensor2D, padId: number): tf.Tensor2D {
  return tf.cast(tf.notEqual(ids, tf.scalar(padId, 'int32')), 'float32') as tf.Tensor2D;
}

/** sequenceMask as ONNX nodes; the ids are compared as floats (exact below 2²⁴), whatever their integer type. */
export function exportSequenceMask(g: OnnxGraph, ids: string, padId: number): string {
  const asFloat = g.op('Cast', [ids], { to: attr.int(1) });
  return g.op('Cast', [g.op('Not', [g.op('Equal', [asFloat, g.scalar(padId)])])], { to: attr.int(1) });
}
