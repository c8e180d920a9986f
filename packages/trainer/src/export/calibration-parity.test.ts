import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init-backend.js';
import { checkParity } from './test/parity.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const config = {
  input_features: [{ name: 'num', type: 'number' }, { name: 'cat', type: 'category' }, { name: 'vec', type: 'vector' }],
  output_features: [
    { name: 'y_bin', type: 'binary', calibration: true },
    { name: 'y_cat', type: 'category', calibration: true },
    { name: 'y_set', type: 'set' },
  ],
  combiner: { type: 'concat', num_fc_layers: 1, output_size: 16 },
};

describe('calibrated outputs in the exported ONNX graph', () => {
  it('divides the logits by each output\'s temperature as tfjs does: probabilities within 1e-5, and unlike T = 1', async () => {
    const temperatures = { y_bin: 2.7, y_cat: 0.35 };
    const calibrated = await checkParity(config, { temperatures });
    const plain = await checkParity(config);
    for (const name of ['y_bin', 'y_cat', 'y_set']) {
      expect(calibrated.maxDifference[name], name).toBeLessThan(1e-5);
      expect(plain.maxDifference[name], name).toBeLessThan(1e-5);
    }
    const largestChange = (name: string) => Math.max(...calibrated.outputs[name].map((v, i) => Math.abs(v - plain.outputs[name][i])));
    expect(largestChange('y_bin')).toBeGreaterThan(0.05);
    expect(largestChange('y_cat')).toBeGreaterThan(0.05);
    // A set output has no calibration: its sigmoids are untouched.
    expect(largestChange('y_set')).toBe(0);
  });
});
