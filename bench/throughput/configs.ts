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
