import { describe, expect, it } from 'vitest';
import { checkConfig, resolveConfig } from '../index.js';

const config = (type: string, calibration: unknown) => ({ input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type, calibration }] });

describe('calibration on classification outputs', () => {
  it.each(['binary', 'category'])('accepts calibration: true on a %s output and resolves it to true', (type) => {
    expect(checkConfig(config(type, true)).errors).toEqual([]);
    expect(resolveConfig(config(type, true)).config.output_features[0]).toMatchObject({ calibration: true });
  });

  it.each(['binary', 'category'])('defaults calibration to false on a %s output', (type) => {
    const { input_features, output_features: [{ name }] } = config(type, undefined);
    expect(resolveConfig({ input_features, output_features: [{ name, type }] }).config.output_features[0]).toMatchObject({ calibration: false });
  });

  it.each(['binary', 'category'])('refuses a non-boolean calibration on a %s output as a config mistake', (type) => {
    const refused = checkConfig(config(type, 'temperature_scaling'));
    expect(refused.code).toBe('invalid_config');
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({ path: 'output_features[0].calibration' });
    expect(refused.errors[0].message).toMatch(/boolean/i);
  });

  it("upgrades the mlp_classifier decoder's calibration: temperature_scaling (Ludwig declares it, never applies it) to the feature's calibration: true, with a warning", () => {
    const raw = { input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'binary', decoder: { type: 'mlp_classifier', calibration: 'temperature_scaling' } }] };
    const checked = checkConfig(raw);
    expect(checked.errors).toEqual([]);
    expect(checked.warnings).toContainEqual(expect.objectContaining({ path: 'output_features[0].decoder.calibration', message: expect.stringMatching(/calibration: true/) }));
    const resolved = resolveConfig(raw).config.output_features[0];
    expect(resolved).toMatchObject({ calibration: true, decoder: { type: 'mlp_classifier', calibration: null } });
  });

  it('refuses decoder.calibration: temperature_scaling beside calibration: false on the feature as a conflict', () => {
    const raw = { input_features: [{ name: 'x', type: 'number' }], output_features: [{ name: 'y', type: 'category', calibration: false, decoder: { type: 'mlp_classifier', calibration: 'temperature_scaling' } }] };
    const refused = checkConfig(raw);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors[0]).toMatchObject({ path: 'output_features[0].decoder.calibration' });
    expect(refused.errors[0].message).toMatch(/already set to false/);
  });
});
