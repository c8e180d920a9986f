import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';

const features = {
  input_features: [{ name: 'a', type: 'number' }, { name: 'b', type: 'category' }],
  output_features: [{ name: 'y', type: 'binary' }],
};

describe('tabnet combiner config', () => {
  it("fills Ludwig's TabNetCombinerConfig defaults", () => {
    const { config } = resolveConfig({ ...features, combiner: { type: 'tabnet' } });
    expect(config.combiner).toEqual({
      type: 'tabnet', size: 32, dropout: 0.05, output_size: 128, num_steps: 3, num_total_blocks: 4, num_shared_blocks: 2,
      relaxation_factor: 1.5, bn_epsilon: 1e-3, bn_momentum: 0.05, bn_virtual_bs: 1024, sparsity: 1e-4,
      entmax_mode: 'sparsemax', entmax_alpha: 1.5,
    });
  });

  it('accepts entmax15 and regular batch norm (bn_virtual_bs: null)', () => {
    const { config } = resolveConfig({ ...features, combiner: { type: 'tabnet', entmax_mode: 'entmax15', bn_virtual_bs: null } });
    expect(config.combiner).toMatchObject({ entmax_mode: 'entmax15', bn_virtual_bs: null });
  });

  it('accepts entmax_mode constant with an alpha in [1, 2] and refuses one outside', () => {
    expect(resolveConfig({ ...features, combiner: { type: 'tabnet', entmax_mode: 'constant', entmax_alpha: 1.3 } }).config.combiner).toMatchObject({ entmax_mode: 'constant', entmax_alpha: 1.3 });
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'tabnet', entmax_mode: 'constant', entmax_alpha: 2.5 } }));
    expect(error.details.map((d) => d.path)).toEqual(['combiner.entmax_alpha']);
  });

  it('refuses entmax_mode adaptive as not supported yet', () => {
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'tabnet', entmax_mode: 'adaptive' } }));
    expect(error.code).toBe('unsupported');
    expect(error.details.map((d) => d.path)).toEqual(['combiner.entmax_mode']);
    expect(error.details[0].message).toBe("entmax_mode 'adaptive' is a Ludwig tabnet option that Overture does not support yet; use entmax_mode: constant with entmax_alpha, or entmax15 or sparsemax");
  });

  it('refuses more shared blocks than blocks', () => {
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'tabnet', num_total_blocks: 2, num_shared_blocks: 3 } }));
    expect(error.code).toBe('invalid_config');
    expect(error.details).toEqual([{ path: 'combiner.num_shared_blocks', message: 'num_shared_blocks (3) cannot exceed num_total_blocks (2): shared blocks are among the total' }]);
  });

  it('refuses a feature transformer without blocks and an unknown key with the nearest name', () => {
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'tabnet', num_total_blocks: 0, num_shared_blocks: 0, relaxation: 2 } }));
    expect(error.code).toBe('invalid_config');
    expect(error.details.map((d) => d.path).sort()).toEqual(['combiner.num_total_blocks', 'combiner.relaxation']);
  });
});
