import { readFile, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { initConfig } from '../quality/experiment.js';

export interface TrainerSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
}

function trainerSection(s: TrainerSettings) {
  return { batch_size: s.batchSize, epochs: s.epochs, learning_rate: s.learningRate, early_stop: -1, optimizer: { type: 'adam' } };
}

/**
 * train_throughput.py's MLP: 64 raw numbers → 256 → 256 (ReLU) in the concat combiner; the
 * binary output's regressor decoder is the final 256 → 1 layer.
 */
export async function writeMlpConfig(file: string, settings: TrainerSettings): Promise<void> {
  const config = {
    input_features: Array.from({ length: 64 }, (_, i) => ({
      name: `x${i}`, type: 'number', preprocessing: { normalization: null }, encoder: { type: 'passthrough' },
    })),
    output_features: [{ name: 'y', type: 'binary' }],
    combiner: { type: 'concat', fc_layers: [{ output_size: 256, activation: 'relu' }, { output_size: 256, activation: 'relu' }] },
    trainer: trainerSection(settings),
    preprocessing: { split: { type: 'fixed', column: 'split' } },
  };
  await writeFile(file, stringify(config));
}

/** The auto config (`init-config`), with only the trainer pinned so both sides do the same work. */
export async function writeMixedConfig(file: string, dataset: string, target: string, settings: TrainerSettings): Promise<void> {
  await initConfig(dataset, [target], file);
  const config = parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
  config.trainer = { ...config.trainer, ...trainerSection(settings) };
  await writeFile(file, stringify(config));
}

/**
 * train_throughput.py's textcnn as Ludwig's parallel_cnn: 64-wide embeddings, widths 2–5 with 64
 * filters each, ReLU, max over time, then 256 → 128 (ReLU) in the encoder and the classifier's
 * 128 → classes; every text padded to 256 ids as the reference pads them.
 */
export async function writeTextCnnConfig(file: string, settings: TrainerSettings): Promise<void> {
  const config = {
    input_features: [{
      name: 'text', type: 'text',
      preprocessing: { tokenizer: 'space_punct', lowercase: true, most_common: 20000, sequence_length: 256 },
      encoder: { type: 'parallel_cnn', embedding_size: 64, num_filters: 64, reduce_output: 'max', fc_layers: [{ output_size: 128 }] },
    }],
    output_features: [{ name: 'label', type: 'category' }],
    combiner: { type: 'concat', num_fc_layers: 0 },
    trainer: trainerSection(settings),
    preprocessing: { split: { type: 'fixed', column: 'split' } },
  };
  await writeFile(file, stringify(config));
}

/**
 * train_throughput.py's imagecnn as Ludwig's stacked_cnn: 3×3 convolutions of 32 and 64 filters
 * with 'same' padding, ReLU, 2×2 max pooling after each, flattened, one 128-wide ReLU layer, and
 * the classifier's 128 → classes; 32×32 grayscale images scaled to [0, 1].
 */
export async function writeImageCnnConfig(file: string, settings: TrainerSettings): Promise<void> {
  const config = {
    input_features: [{
      name: 'image', type: 'image',
      preprocessing: { height: 32, width: 32, num_channels: 1 },
      encoder: {
        type: 'stacked_cnn', kernel_size: 3, padding: 'same', pool_kernel_size: 2, pool_function: 'max',
        conv_layers: [{ out_channels: 32 }, { out_channels: 64 }], fc_layers: [{ output_size: 128 }],
      },
    }],
    output_features: [{ name: 'label', type: 'category' }],
    combiner: { type: 'concat', num_fc_layers: 0 },
    trainer: trainerSection(settings),
    preprocessing: { split: { type: 'fixed', column: 'split' } },
  };
  await writeFile(file, stringify(config));
}

/** Sizes of the lstm and transformer text cases (stated in their configs and passed to the twins). */
export const textSequenceLength = 96;
export const lstmSizes = { embedding: 64, state: 128 } as const;
export const transformerSizes = { hidden: 64, heads: 4, feedForward: 128, layers: 2 } as const;

function textInput(encoder: Record<string, unknown>) {
  return {
    name: 'text', type: 'text',
    preprocessing: { tokenizer: 'space_punct', lowercase: true, most_common: 20000, sequence_length: textSequenceLength },
    encoder,
  };
}

/**
 * A text classifier with Ludwig's `rnn` encoder: one LSTM layer (state 128) over 64-wide
 * embeddings, the state at each text's last real step, no FC layer, the classifier's 128 → classes.
 */
export async function writeLstmConfig(file: string, settings: TrainerSettings): Promise<void> {
  const config = {
    input_features: [textInput({
      type: 'rnn', cell_type: 'lstm', num_layers: 1, embedding_size: lstmSizes.embedding, state_size: lstmSizes.state,
      reduce_output: 'last', num_fc_layers: 0, dropout: 0, recurrent_dropout: 0,
    })],
    output_features: [{ name: 'label', type: 'category' }],
    combiner: { type: 'concat', num_fc_layers: 0 },
    trainer: trainerSection(settings),
    preprocessing: { split: { type: 'fixed', column: 'split' } },
  };
  await writeFile(file, stringify(config));
}

/**
 * A text classifier with Ludwig's `transformer` encoder: 64-wide token + position embeddings, 2
 * post-norm blocks (4 heads, feed-forward 128), mean over the real tokens, no FC layer, the
 * classifier's 64 → classes; dropout 0 so the twin's nn.TransformerEncoder computes the same.
 */
export async function writeTransformerConfig(file: string, settings: TrainerSettings): Promise<void> {
  const config = {
    input_features: [textInput({
      type: 'transformer', embedding_size: transformerSizes.hidden, hidden_size: transformerSizes.hidden, num_heads: transformerSizes.heads,
      transformer_output_size: transformerSizes.feedForward, num_layers: transformerSizes.layers, dropout: 0, reduce_output: 'mean', num_fc_layers: 0,
    })],
    output_features: [{ name: 'label', type: 'category' }],
    combiner: { type: 'concat', num_fc_layers: 0 },
    trainer: trainerSection(settings),
    preprocessing: { split: { type: 'fixed', column: 'split' } },
  };
  await writeFile(file, stringify(config));
}

/** The mixed table's auto config with its combiner replaced by `combiner` at its defaults. */
export async function writeMixedCombinerConfig(file: string, dataset: string, target: string, combiner: 'tabnet' | 'ft_transformer', settings: TrainerSettings): Promise<void> {
  await writeMixedConfig(file, dataset, target, settings);
  const config = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  config.combiner = { type: combiner };
  await writeFile(file, stringify(config));
}

export const seriesLength = 128;

/**
 * A time-series classifier with Ludwig's `parallel_cnn` over the raw steps (one value each):
 * widths 2–5 × 64 filters, 'same' padding, ReLU, max over time, 256 → 128 (ReLU), the
 * classifier's 128 → classes.
 */
export async function writeSeriesCnnConfig(file: string, settings: TrainerSettings): Promise<void> {
  const config = {
    input_features: [{
      name: 'series', type: 'timeseries',
      preprocessing: { tokenizer: 'space', timeseries_length_limit: seriesLength },
      encoder: { type: 'parallel_cnn', num_filters: 64, reduce_output: 'max', fc_layers: [{ output_size: 128 }] },
    }],
    output_features: [{ name: 'label', type: 'category' }],
    combiner: { type: 'concat', num_fc_layers: 0 },
    trainer: trainerSection(settings),
    preprocessing: { split: { type: 'fixed', column: 'split' } },
  };
  await writeFile(file, stringify(config));
}
