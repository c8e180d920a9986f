import { describe, expect, it } from 'vitest';
import { diffConfigs } from './diff';

describe('diffConfigs', () => {
  it('matches features by name, so an inserted feature is one addition', () => {
    const before = { input_features: [{ name: 'a', type: 'number' }, { name: 'b', type: 'category' }], trainer: { epochs: 2 } };
    const after = { input_features: [{ name: 'z', type: 'number' }, { name: 'a', type: 'number' }, { name: 'b', type: 'binary' }], trainer: { epochs: 2, batch_size: 8 } };
    expect(diffConfigs(before, after)).toEqual([
      { path: 'input_features[b].type', kind: 'changed', before: 'category', after: 'binary' },
      { path: 'input_features[z]', kind: 'added', after: { name: 'z', type: 'number' } },
      { path: 'trainer.batch_size', kind: 'added', after: 8 },
    ]);
  });

  it('compares other lists as values', () => {
    expect(diffConfigs({ p: [0.7, 0.1, 0.2] }, { p: [0.8, 0.1, 0.1] })).toEqual([{ path: 'p', kind: 'changed', before: [0.7, 0.1, 0.2], after: [0.8, 0.1, 0.1] }]);
    expect(diffConfigs({ p: [1] }, { p: [1] })).toEqual([]);
  });
});
