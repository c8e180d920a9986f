import { z } from 'zod';
import { activationField, doc, normField, normParamsField, ZActivation, ZFcLayer, ZInitializer } from '../../common.js';
import { embeddingsOnCpuField, embeddingSizeField, embeddingsTrainableField, pretrainedEmbeddingsField } from '../embedding-fields.js';

/**
 * Fields shared by Ludwig's recurrent text/sequence encoders (`StackedRNNConfig`,
 * `StackedCNNRNNConfig` in ludwig/schema/encoders/sequence_encoders.py), with Ludwig's defaults.
 * Values Ludwig accepts that Overture does not implement are refused with "not supported yet".
 */

const notYet = (encoder: string, what: string) => `${what} is a Ludwig ${encoder} option that Overture does not support yet`;

export const rnnCellTypes = ['rnn', 'lstm', 'gru'] as const;
/** Cell types of Ludwig's TensorFlow versions (≤ 0.3): refused by name rather than as typos. */
const legacyCellTypes = ['lstm_block', 'lstm_cudnn', 'ln', 'gru_block', 'gru_cudnn'] as const;

/** The activations the fused recurrent cells implement (each derivative is a function of its output). */
export const rnnActivationNames = ['tanh', 'sigmoid', 'relu'] as const;
export type RnnActivationName = (typeof rnnActivationNames)[number];

function rnnActivationField(encoder: string, key: string, def: RnnActivationName, description: string) {
  return doc(
    ZActivation.default(def).refine((a): a is RnnActivationName => (rnnActivationNames as readonly string[]).includes(a), {
      message: `${notYet(encoder, `${key} other than tanh, sigmoid or relu`)}`,
    }),
    description,
  );
}

/** Reductions of the sequence of states that give the combiner a vector. */
export const rnnReductions = ['last', 'sum', 'mean', 'avg', 'max', 'concat', 'attention'] as const;
export type RnnReduction = (typeof rnnReductions)[number];

function reduceOutputField(encoder: string) {
  return doc(
    z.enum([...rnnReductions, 'attention_pooling', 'none', 'None']).nullable().default('last')
      .refine((r): r is RnnReduction | 'none' | 'None' | null => r !== 'attention_pooling', {
        message: notYet(encoder, 'reduce_output attention_pooling (multi-head attention pooling over the steps)'),
      }),
    'How the states over time become one vector: last (the state at the last real step), sum, mean/avg, max, concat, attention; null (none) keeps the state of every step, for the sequence_concat combiner and a tagger output (no FC stack then, as in Ludwig).',
    { commonly_used: true },
  );
}

export function recurrentShape(encoder: 'rnn' | 'cnnrnn') {
  return {
    dropout: doc(z.number().min(0).max(1).default(0), 'Dropout on the embedded tokens while training.'),
    recurrent_dropout: doc(z.number().min(0).max(1).default(0), 'Dropout between stacked recurrent layers (PyTorch\'s dropout) while training.'),
    activation: rnnActivationField(encoder, 'activation', 'tanh', 'Activation of the cell output (LSTM g and c, GRU n, the plain RNN\'s state).'),
    recurrent_activation: rnnActivationField(encoder, 'recurrent_activation', 'sigmoid', 'Activation of the gates (LSTM i, f, o; GRU r, z).'),
    max_sequence_length: doc(z.number().int().positive().nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
    representation: doc(z.enum(['dense', 'sparse']).default('dense'), 'dense: learned embeddings; sparse: frozen one-hot rows of the vocabulary size.'),
    vocab: doc(z.array(z.string()).nullable().default(null), 'Internal (Ludwig): filled from the training-set metadata.'),
    cell_type: doc(
      z.enum([...rnnCellTypes, ...legacyCellTypes]).default('rnn')
        .refine((c): c is (typeof rnnCellTypes)[number] => (rnnCellTypes as readonly string[]).includes(c), {
          message: `${notYet(encoder, 'cell_type lstm_block, lstm_cudnn, ln, gru_block or gru_cudnn (Ludwig ≤ 0.3 TensorFlow cells)')}; use rnn, lstm or gru`,
        }),
      'The recurrent cell: rnn, lstm or gru (PyTorch\'s cells).',
      { commonly_used: true },
    ),
    state_size: doc(z.number().int().positive().default(256), 'Size of the recurrent state.', { commonly_used: true, suggested_values: [32, 64, 128, 256] }),
    bidirectional: doc(z.boolean().default(false), 'Run a second stack backwards over each sequence and concatenate the two.', { commonly_used: true }),
    unit_forget_bias: doc(z.boolean().default(true), 'LSTM: add 1 to the forget gate\'s bias at initialization.'),
    recurrent_initializer: doc(ZInitializer.default('orthogonal'), 'Initializer of the recurrent weights.'),
    use_bias: doc(z.boolean().default(true), 'Whether the layers use bias vectors.'),
    bias_initializer: doc(ZInitializer.default('zeros'), 'Initializer of the bias vectors.'),
    weights_initializer: doc(ZInitializer.default('xavier_uniform'), 'Initializer of the weight matrices (and of the embeddings).'),
    should_embed: doc(
      z.boolean().default(true).refine((v) => v, { message: notYet(encoder, 'should_embed: false (feeding the ids as numbers)') }),
      'Whether the ids are embedded (always, for text).',
    ),
    embedding_size: embeddingSizeField(256),
    embeddings_on_cpu: embeddingsOnCpuField(),
    embeddings_trainable: embeddingsTrainableField(true),
    pretrained_embeddings: pretrainedEmbeddingsField(),
    reduce_output: reduceOutputField(encoder),
    output_size: doc(z.number().int().positive().default(256), 'Output size of each fully connected layer.'),
    norm: normField(),
    norm_params: normParamsField(),
    num_fc_layers: doc(z.number().int().min(0).default(0), 'Number of fully connected layers after the reduction.'),
    fc_activation: activationField('relu'),
    fc_dropout: doc(z.number().min(0).max(1).default(0), 'Dropout of the fully connected layers.'),
    fc_layers: doc(z.array(ZFcLayer).nullable().default(null), 'Explicit fully connected layers (override num_fc_layers).'),
  };
}
