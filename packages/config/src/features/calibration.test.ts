import { describe, expect, it } from 'vitest';
import { checkConfig } from '../index.js';

describe('calibration on classification outputs', () => {
  it.each(['binary', 'category'])('refuses calibration: true on a %s output as not supported yet, and accepts false', (type) => {
    const config = (calibration: boolean) => ({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type, calibration }] });
    const refused = checkConfig(config(true));
    expect(refused.code).toBe('unsupported');
    expect(refused.errors[0]).toMatchObject({ path: 'output_features[0].calibration' });
    expect(refused.errors[0].message).toMatch(/does not support yet/);
    expect(checkConfig(config(false)).errors).toEqual([]);
  });
});
