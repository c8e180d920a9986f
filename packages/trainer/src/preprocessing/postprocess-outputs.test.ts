import { describe, expect, it } from 'vitest';
import { probabilityJson, roundProbability } from './postprocess-outputs.js';

describe('probabilityJson', () => {
  it('writes exactly what JSON.stringify writes for the rounded probability', () => {
    const cases = [0, -0, 1, 0.5, 0.203254, 1e-7, 4e-7, 6e-7, 0.9999996, 0.1000004, 0.000001, 0.0000015, 0.123456789, 0.999999, 1.0000001, -1e-9];
    for (let i = 0; i < 2000; i++) cases.push(Math.fround(Math.random()), Math.random() ** 8);
    for (const p of cases) expect(probabilityJson(p), String(p)).toBe(JSON.stringify(roundProbability(p)));
    expect(probabilityJson(Number.NaN)).toBe('null');
  });
});
