import { describe, expect, it } from 'vitest';
import { OvertureError } from './errors.js';
import { parseConfigText } from './parse-text.js';
import { resolveConfig } from './resolve.js';

const inputs = [{ name: 'x', type: 'number' }];
const two = [{ name: 'y', type: 'binary' }, { name: 'z', type: 'number' }];
function details(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof OvertureError) return error.details;
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('trainer options from Ludwig\'s newer releases', () => {
  it('fills loss_balancing none and Ludwig\'s defaults for its parameters', () => {
    expect(resolveConfig({ input_features: inputs, output_features: two }).config.trainer).toMatchObject({
      loss_balancing: 'none', loss_balancing_alpha: 1.5, loss_balancing_lr: 0.01, loss_balancing_preference_vector: null,
      loss_balancing_tchebycheff_weight: 0.5, gradient_accumulation_steps: 'auto', effective_batch_size: 'auto',
    });
    expect(resolveConfig({ input_features: inputs, output_features: two, trainer: { loss_balancing: 'uncertainty' } }).config.trainer.loss_balancing).toBe('uncertainty');
  });

  it('refuses balancing a single output, pointing at the key in the YAML', () => {
    const text = 'input_features:\n  - {name: x, type: number}\noutput_features:\n  - {name: y, type: binary}\ntrainer:\n  loss_balancing: uncertainty\n';
    expect(details(() => parseConfigText(text))).toEqual([expect.objectContaining({
      path: 'trainer.loss_balancing',
      message: 'loss_balancing: uncertainty balances the losses of several output features, but the config has one; remove loss_balancing or add output features',
      line: 6,
    })]);
    expect(resolveConfig({ input_features: inputs, output_features: two.slice(0, 1), trainer: { loss_balancing: 'none' } }).config.trainer.loss_balancing).toBe('none');
  });

  it('accepts famo and nash_mtl on several outputs, refuses them on one', () => {
    for (const strategy of ['famo', 'nash_mtl']) {
      expect(resolveConfig({ input_features: inputs, output_features: two, trainer: { loss_balancing: strategy } }).config.trainer.loss_balancing).toBe(strategy);
      expect(details(() => resolveConfig({ input_features: inputs, output_features: two.slice(0, 1), trainer: { loss_balancing: strategy } }))[0].message).toMatch(/balances the losses of several output features/);
    }
  });

  it('refuses gradnorm and pareto_mtl as not supported yet', () => {
    for (const strategy of ['gradnorm', 'pareto_mtl']) {
      const [problem] = details(() => resolveConfig({ input_features: inputs, output_features: two, trainer: { loss_balancing: strategy } }));
      expect(problem.path).toBe('trainer.loss_balancing');
      expect(problem.message).toMatch(new RegExp(`^'${strategy}' is a Ludwig loss balancing strategy that Overture does not support yet; `));
    }
  });

  it('refuses an effective_batch_size that is not batch_size × gradient_accumulation_steps', () => {
    const problem = (trainer: object) => details(() => resolveConfig({ input_features: inputs, output_features: two, trainer }));
    expect(problem({ effective_batch_size: 30, gradient_accumulation_steps: 4 })).toEqual([
      { path: 'trainer.effective_batch_size', message: 'effective_batch_size (30) must be a multiple of gradient_accumulation_steps (4)' },
    ]);
    expect(problem({ effective_batch_size: 64, gradient_accumulation_steps: 4, batch_size: 32 })).toEqual([
      { path: 'trainer.effective_batch_size', message: 'effective_batch_size (64) must equal batch_size × gradient_accumulation_steps (32 × 4); set one of the three to auto' },
    ]);
    expect(resolveConfig({ input_features: inputs, output_features: two, trainer: { effective_batch_size: 64, gradient_accumulation_steps: 4 } }).config.trainer.effective_batch_size).toBe(64);
  });

  it('accepts eval_batch_size 0 (the training batch size, as Ludwig) and refuses negatives', () => {
    expect(resolveConfig({ input_features: inputs, output_features: two, trainer: { eval_batch_size: 0 } }).config.trainer.eval_batch_size).toBe(null); // Ludwig's upgrader writes 0 as null: both mean the training batch size
    expect(details(() => resolveConfig({ input_features: inputs, output_features: two, trainer: { eval_batch_size: -8 } }))[0]).toMatchObject({ path: 'trainer.eval_batch_size' });
  });
});
