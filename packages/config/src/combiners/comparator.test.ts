import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../resolve.js';
import { catchOvertureError } from '../test/helpers.js';

const features = {
  input_features: [{ name: 'a_title', type: 'category' }, { name: 'a_price', type: 'number' }, { name: 'b_title', type: 'category' }, { name: 'b_price', type: 'number' }],
  output_features: [{ name: 'same', type: 'binary' }],
};
const entities = { entity_1: ['a_title', 'a_price'], entity_2: ['b_title', 'b_price'] };

describe('comparator combiner config', () => {
  it("fills Ludwig's ComparatorCombinerConfig defaults", () => {
    const { config } = resolveConfig({ ...features, combiner: { type: 'comparator', ...entities } });
    expect(config.combiner).toEqual({
      type: 'comparator', ...entities, dropout: 0, activation: 'relu', use_bias: true, bias_initializer: 'zeros', weights_initializer: 'xavier_uniform',
      num_fc_layers: 1, output_size: 256, norm: null, norm_params: null, fc_layers: null,
    });
  });

  it('requires both entities and at least one fully connected layer', () => {
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'comparator', entity_1: ['a_title'], num_fc_layers: 0 } }));
    expect(error.code).toBe('invalid_config');
    expect(error.details).toEqual([
      { path: 'combiner.num_fc_layers', message: 'the comparator combiner needs at least one fully connected layer: set num_fc_layers > 0 or fc_layers' },
      { path: 'combiner.entity_2', message: 'entity_2 is required: list at least one input feature name' },
    ]);
  });

  it('refuses an entity naming no input feature, with the nearest name', () => {
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'comparator', entity_1: ['a_title', 'a_prize'], entity_2: ['b_title', 'b_price'] } }));
    expect(error.code).toBe('invalid_config');
    expect(error.details).toEqual([
      { path: 'combiner.entity_1[1]', message: "'a_prize' is not an input feature; entity_1 lists input feature names (did you mean 'a_price'?)" },
    ]);
  });

  it('refuses input features in neither entity', () => {
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'comparator', entity_1: ['a_title'], entity_2: ['b_title'] } }));
    expect(error.details).toEqual([
      { path: 'combiner.entity_1', message: "input features 'a_price', 'b_price' are in neither entity_1 nor entity_2: the comparator combines exactly the features its entities list" },
    ]);
  });
});

describe('project_aggregate combiner config', () => {
  it("fills Ludwig's ProjectAggregateCombinerConfig defaults", () => {
    const { config } = resolveConfig({ ...features, combiner: { type: 'project_aggregate' } });
    expect(config.combiner).toEqual({
      type: 'project_aggregate', projection_size: 128, residual: true, dropout: 0, activation: 'relu', num_fc_layers: 2, output_size: 128,
      norm: 'layer', norm_params: null, fc_layers: null, use_bias: true, bias_initializer: 'zeros', weights_initializer: 'xavier_uniform',
    });
  });

  it('accepts only batch or layer norm (or null)', () => {
    expect(resolveConfig({ ...features, combiner: { type: 'project_aggregate', norm: null } }).config.combiner).toMatchObject({ norm: null });
    const error = catchOvertureError(() => resolveConfig({ ...features, combiner: { type: 'project_aggregate', norm: 'ghost' } }));
    expect(error.details.map((d) => d.path)).toEqual(['combiner.norm']);
  });
});
