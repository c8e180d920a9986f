import { resolveConfig } from '@overture/config';
import { decodeMediaInputs, preprocessForTraining } from '../../preprocessing/index.js';
import { splitRows } from '../../training/batches.js';
import { evaluateSplit } from '../../training/evaluate-split.js';
import { trainModel } from '../../training/train.js';
import { barImages } from './test-images.js';

export interface LearnResult {
  accuracy: number;
  control: number;
  seconds: number;
}

/**
 * Test accuracy of an image encoder on the bars task (train 75%, test 25%), and of the same
 * training on shuffled labels (the control, ≈ 0.5). For the learning tests of the image encoders.
 */
export async function learnBars(dir: string, encoder: object, options: { n: number; size: number; epochs: number; batchSize: number; learningRate: number }): Promise<LearnResult> {
  const run = async (shuffled: boolean) => {
    const table = await barImages(dir, options.n, options.size, 11, shuffled);
    const { config } = resolveConfig({
      input_features: [{ name: 'image_path', type: 'image', encoder }],
      output_features: [{ name: 'orientation', type: 'category' }],
      trainer: { epochs: options.epochs, batch_size: options.batchSize, learning_rate: options.learningRate, early_stop: -1 },
      preprocessing: { split: { type: 'random', probabilities: [0.75, 0, 0.25] } },
    });
    const images = await decodeMediaInputs(table, config, { root: dir });
    const { dataset, metadata } = preprocessForTraining(table, config, { seed: 1, images });
    const outcome = await trainModel({ config, dataset, metadata, seed: 2 });
    try {
      return evaluateSplit(outcome.model, dataset, metadata, splitRows(dataset, 2), 256).orientation.accuracy as number;
    } finally {
      outcome.model.dispose();
    }
  };
  const started = Date.now();
  const accuracy = await run(false);
  const seconds = (Date.now() - started) / 1000;
  return { accuracy, control: await run(true), seconds };
}
