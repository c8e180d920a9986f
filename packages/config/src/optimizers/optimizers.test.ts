import { describe, expect, it } from 'vitest';
import { OvertureError } from '../errors.js';
import { resolveConfig } from '../resolve.js';
import { unsupportedOptimizers } from './index.js';

const withOptimizer = (optimizer: object) => ({
  input_features: [{ name: 'x', type: 'number' }],
  output_features: [{ name: 'y', type: 'binary' }],
  trainer: { optimizer },
});
const resolved = (optimizer: object) => resolveConfig(withOptimizer(optimizer)).config.trainer.optimizer;
function problems(optimizer: object) {
  try {
    resolveConfig(withOptimizer(optimizer));
  } catch (error) {
    if (error instanceof OvertureError) return error.details.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('optimizers beyond adam', () => {
  it('fill torch\'s and Ludwig\'s defaults', () => {
    expect(resolved({ type: 'nadam' })).toEqual({ type: 'nadam', betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, momentum_decay: 4e-3 });
    expect(resolved({ type: 'adamax' })).toEqual({ type: 'adamax', betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 });
    expect(resolved({ type: 'radam' })).toEqual({ type: 'radam', betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0 });
    expect(resolved({ type: 'adadelta' })).toEqual({ type: 'adadelta', rho: 0.9, eps: 1e-6, weight_decay: 0 });
    expect(resolved({ type: 'adafactor' })).toEqual({ type: 'adafactor', lr: null, scale_parameter: true, relative_step: true, warmup_init: false });
    expect(resolved({ type: 'schedule_free_adamw' })).toEqual({ type: 'schedule_free_adamw', betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, warmup_steps: 0 });
    expect(resolved({ type: 'muon' })).toEqual({ type: 'muon', momentum: 0.95, nesterov: true });
  });

  it('refuses adafactor\'s manual lr with relative_step, and relative_step: false without lr', () => {
    expect(problems({ type: 'adafactor', lr: 0.01 })).toEqual([
      { path: 'trainer.optimizer.relative_step', message: 'adafactor with a manual lr needs relative_step: false (or set lr: null to let Adafactor size its steps)' },
    ]);
    expect(problems({ type: 'adafactor', relative_step: false })).toEqual([
      { path: 'trainer.optimizer.lr', message: 'adafactor with relative_step: false needs a number for lr (the trainer\'s learning_rate is then used)' },
    ]);
    expect(resolved({ type: 'adafactor', lr: 0.01, relative_step: false })).toMatchObject({ lr: 0.01, relative_step: false });
  });

  it("takes lbfgs with torch's defaults, and refuses the strong_wolfe line search as not supported yet", () => {
    expect(resolved({ type: 'lbfgs', max_iter: 100, tolerance_grad: 0.0001, history_size: 10 })).toEqual({
      type: 'lbfgs', max_iter: 100, max_eval: null, tolerance_grad: 0.0001, tolerance_change: 1e-9, history_size: 10, line_search_fn: null,
    });
    expect(problems({ type: 'lbfgs', line_search_fn: 'strong_wolfe' })).toEqual([{
      path: 'trainer.optimizer.line_search_fn',
      message: "line_search_fn 'strong_wolfe' is a Ludwig L-BFGS option that Overture does not support yet; leave it out (fixed steps of learning_rate, torch's default)",
    }]);
  });

  it('refuses every other Ludwig optimizer name as not supported yet, saying why', () => {
    expect(problems({ type: 'lion' })).toEqual([{
      path: 'trainer.optimizer.type',
      message: "'lion' is a Ludwig optimizer that Overture does not support yet: Ludwig runs Lion from bitsandbytes; use adamw",
    }]);
    expect(problems({ type: 'paged_adamw_8bit' })[0].message).toMatch(/^'paged_adamw_8bit' is a Ludwig optimizer that Overture does not support yet: .*need a GPU/);
    for (const name of unsupportedOptimizers) {
      expect(problems({ type: name })[0]).toMatchObject({ path: 'trainer.optimizer.type', message: expect.stringContaining(`'${name}' is a Ludwig optimizer that Overture does not support yet`) });
    }
    expect(unsupportedOptimizers).toHaveLength(18);
  });

  it('still answers a misspelt name with the optimizers that train', () => {
    expect(problems({ type: 'nadan' })[0].message).toBe(
      "'nadan' is not a valid optimizer; valid: 'adam', 'adamw', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'radam', 'adafactor', 'schedule_free_adamw', 'muon', 'lbfgs'",
    );
  });
});
