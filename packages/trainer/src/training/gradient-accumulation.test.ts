import { resolveConfig } from '@overture/config';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { preprocessForTraining } from '../preprocessing/index.js';
import { maxAbsDifference } from '../test-support/training-step.js';
import { toyTable } from '../test-support/toy-table.js';
import { trainModel } from './train.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/** One epoch of SGD over 32 training rows; returns every weight, the steps taken and the learning rates used. */
async function train(trainer: Record<string, unknown>) {
  const config = resolveConfig({
    input_features: [
      { name: 'x1', type: 'number' },
      { name: 'x2', type: 'number' },
      { name: 'color', type: 'category', encoder: { type: 'dense', embedding_size: 4 } },
    ],
    output_features: [{ name: 'label', type: 'binary' }],
    combiner: { type: 'concat', num_fc_layers: 1, output_size: 8 },
    preprocessing: { split: { type: 'random', probabilities: [1, 0, 0] } },
    trainer: { epochs: 1, learning_rate: 0.5, early_stop: -1, optimizer: { type: 'sgd' }, ...trainer },
  }).config;
  const { dataset, metadata } = preprocessForTraining(toyTable(32), config, { seed: 3 });
  const rates: number[] = [];
  const outcome = await trainModel({ config, dataset, metadata, seed: 11, callbacks: { onStep: (e) => rates.push(e.learningRate) } });
  const weights = Object.values(outcome.model.params.snapshot()).flatMap((w) => Array.from(w.values));
  outcome.model.dispose();
  return { weights, steps: outcome.progress.steps, rates };
}

describe('gradient_accumulation_steps', () => {
  it('4 accumulated batches of 8 give the weights of one batch of 32 (SGD, same seed)', async () => {
    const whole = await train({ batch_size: 32 });
    const accumulated = await train({ batch_size: 8, gradient_accumulation_steps: 4 });
    const plain = await train({ batch_size: 8 });
    expect(accumulated.weights.length).toBe(whole.weights.length);
    expect(maxAbsDifference(accumulated.weights, whole.weights)).toBeLessThan(1e-5);
    // The same run asked for as Ludwig's effective_batch_size.
    const effective = await train({ effective_batch_size: 32, gradient_accumulation_steps: 4 });
    expect(effective.weights).toEqual(accumulated.weights);
    // Four separate updates of 8 rows end elsewhere: the comparison above can fail.
    expect(maxAbsDifference(plain.weights, whole.weights)).toBeGreaterThan(1e-3);
  });

  it('counts steps in batches, as Ludwig does, and the schedule advances every batch', async () => {
    const run = await train({
      batch_size: 8, gradient_accumulation_steps: 2, epochs: 2,
      learning_rate_scheduler: { decay: 'linear' },
    });
    expect(run.steps).toBe(8);
    expect(run.rates).toEqual([0.5, 0.4375, 0.375, 0.3125, 0.25, 0.1875, 0.125, 0.0625]);
  });

  it('refuses 0 with a message naming the key and what to write', () => {
    try {
      resolveConfig({
        input_features: [{ name: 'x1', type: 'number' }],
        output_features: [{ name: 'label', type: 'binary' }],
        trainer: { gradient_accumulation_steps: 0 },
      });
      expect.unreachable('0 was accepted');
    } catch (error) {
      expect((error as { details: unknown }).details).toEqual([
        { path: 'trainer.gradient_accumulation_steps', message: 'must be at least 1 batch per update (1 or auto: no accumulation)' },
      ]);
    }
  });
});
