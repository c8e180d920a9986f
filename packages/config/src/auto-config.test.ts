import { describe, expect, it } from 'vitest';
import { autoConfig, targetProblem } from './auto-config.js';
import { featureTypes, trainableInputTypes, trainableOutputTypes } from './feature-types.js';
import type { ColumnProfile, DatasetProfile } from './profile.js';
import { resolveConfig } from './resolve.js';
import { catchOvertureError } from './test/helpers.js';

function column(name: string, inferredType: ColumnProfile['inferredType'], extra: Partial<ColumnProfile> = {}): ColumnProfile {
  return {
    name, inferredType, inferenceReason: 'test', rowCount: 100, missingCount: 0, missingRatio: 0, distinctCount: 10,
    topValues: [], numeric: null, histogram: null, averageWords: 1, idLike: false, ...extra,
  };
}

const profile: DatasetProfile = {
  rowCount: 100,
  sampledRows: 100,
  columns: [
    column('customer_id', 'number', { distinctCount: 100, idLike: true }),
    column('age', 'number'),
    column('plan', 'category', { distinctCount: 3 }),
    column('country', 'category', { distinctCount: 1 }),
    column('notes', 'text', { distinctCount: 95, averageWords: 12 }),
    column('split', 'category', {
      distinctCount: 3,
      topValues: [{ value: 'train', count: 70 }, { value: 'Validation', count: 10 }, { value: 'TEST', count: 20 }],
    }),
    column('churned', 'binary', { distinctCount: 2 }),
    column('reason', 'text', { distinctCount: 4 }),
  ],
};

const textTrainable = (trainableInputTypes as readonly string[]).includes('text');

describe('autoConfig', () => {
  it('makes targets outputs and usable columns inputs, with the tabular model settings', () => {
    const { config } = autoConfig(profile, ['churned']);
    expect(config).toEqual({
      input_features: [
        { name: 'age', type: 'number' },
        { name: 'plan', type: 'category' },
        { name: 'notes', type: 'text', encoder: { type: 'tf_idf' } },
        { name: 'reason', type: 'text', encoder: { type: 'tf_idf' } },
      ],
      output_features: [{ name: 'churned', type: 'binary' }],
      combiner: { type: 'concat', num_fc_layers: 2, output_size: 256, dropout: 0.1 },
      trainer: { early_stop: 30, learning_rate: 'auto', optimizer: { type: 'adamw', weight_decay: 0.1 } },
      defaults: { number: { encoder: { type: 'ple', num_bins: 32, output_size: 32 } } },
      preprocessing: { split: { type: 'fixed', column: 'split' } },
    });
    expect(() => resolveConfig(config)).not.toThrow();
  });

  it('explains every excluded column', () => {
    expect(autoConfig(profile, ['churned']).excludedColumns).toEqual([
      { name: 'customer_id', reason: 'looks like an ID: unique per row' },
      { name: 'country', reason: 'has a single value' },
      ...(textTrainable ? [] : [{ name: 'notes', reason: 'inferred as text (test); text inputs are not supported yet', unusableType: 'text' }]),
      { name: 'split', reason: 'used as the fixed split (0/train, 1/validation, 2/test)' },
      ...(textTrainable ? [] : [{ name: 'reason', reason: 'inferred as text (test); text inputs are not supported yet', unusableType: 'text' }]),
    ]);
  });

  it('leaves out exactly the types the trainer cannot read yet, each with its type so the user can change it', () => {
    const typed: DatasetProfile = { ...profile, columns: [...featureTypes.map((t) => column(`c_${t}`, t)), column('y', 'number')] };
    const { config, excludedColumns } = autoConfig(typed, ['y']);
    const unusable = featureTypes.filter((t) => !(trainableInputTypes as readonly string[]).includes(t));
    expect(config.input_features?.map((f) => f.type)).toEqual([...trainableInputTypes]);
    expect(excludedColumns).toEqual(unusable.map((t) => ({
      name: `c_${t}`,
      reason: t === 'category_distribution' || t === 'anomaly' ? `typed ${t}, which can only be an output (as in Ludwig)` : `inferred as ${t} (test); ${t} inputs are not supported yet`,
      unusableType: t,
    })));
  });

  it('says why a column cannot be a target, and what to do, without throwing (the train screen lists every column)', () => {
    expect(targetProblem(column('y', 'number'))).toBeUndefined();
    expect(targetProblem(column('photo', 'image', { rowCount: 5, distinctCount: 5 }))).toBe(
      `Target 'photo' looks like image data (test); image outputs are not supported yet. If its values are labels or numbers, change its type to one of ${trainableOutputTypes.join(', ')}.`,
    );
    expect(targetProblem(column('c', 'category', { distinctCount: 1 }))).toBe("Target column 'c' has a single value, so there is nothing to predict.");
  });

  it("writes a free-text target bare, so it gets Ludwig's default generator decoder (a drafted reply)", () => {
    const replies: DatasetProfile = { ...profile, columns: [column('reply', 'text', { rowCount: 100, distinctCount: 90 }), column('y', 'number')] };
    expect(autoConfig(replies, ['reply']).config.output_features).toEqual([{ name: 'reply', type: 'text' }]);
    expect(targetProblem(column('reply', 'text', { rowCount: 5, distinctCount: 5 }))).toBeUndefined();
  });

  it('turns a text target with few distinct values into a category output', () => {
    expect(autoConfig(profile, ['reason']).config.output_features).toEqual([{ name: 'reason', type: 'category' }]);
  });

  it('keeps a split column with other values as an input', () => {
    const other: DatasetProfile = { ...profile, columns: [column('split', 'category', { distinctCount: 2, topValues: [{ value: 'a', count: 50 }, { value: 'b', count: 50 }] }), column('y', 'number')] };
    const { config } = autoConfig(other, ['y']);
    expect(config.input_features).toEqual([{ name: 'split', type: 'category' }]);
    expect(config.preprocessing).toBeUndefined();
  });

  it('refuses an unknown target with a suggestion', () => {
    const error = catchOvertureError(() => autoConfig(profile, ['churn']));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe("Target column 'churn' is not in the dataset (did you mean 'churned'?).");
    expect(error.details).toEqual([{ path: 'churn', message: "no column named 'churn'", suggestion: "did you mean 'churned'?" }]);
  });

  it('refuses an empty or single-valued target', () => {
    expect(catchOvertureError(() => autoConfig(profile, ['country'])).message).toBe("Target column 'country' has a single value, so there is nothing to predict.");
    const empty = { ...profile, columns: [column('y', 'number', { missingCount: 100, missingRatio: 1, distinctCount: 0 })] };
    expect(catchOvertureError(() => autoConfig(empty, ['y'])).message).toBe("Target column 'y' is empty: every value is missing.");
  });

  it('refuses an image target as unsupported', () => {
    const pictures: DatasetProfile = { ...profile, columns: [column('photo', 'image', { distinctCount: 100 }), column('y', 'number')] };
    expect(catchOvertureError(() => autoConfig(pictures, ['photo'])).code).toBe('unsupported');
  });
});
