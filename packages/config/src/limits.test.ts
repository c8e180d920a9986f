import { describe, expect, it } from 'vitest';
import { defaultConfigLimits } from './limits.js';
import { parseConfigText } from './parse-text.js';
import { resolveConfig } from './resolve.js';
import { editDistance, editDistanceWithin } from './suggest.js';
import { catchOvertureError } from './test/helpers.js';
import { findDependencyCycle } from './validate.js';

const head = 'input_features:\n  - {name: a, type: number}\noutput_features:\n  - {name: y, type: binary}\n';

/** A config with `count` unknown top-level keys (30,000 keys is about 290 KB). */
const unknownKeys = (count: number) => `${head}${Array.from({ length: count }, (_, i) => `k${i}: 1`).join('\n')}\n`;

/** Milliseconds of the fastest of `runs` calls (the first call also pays for warm-up). */
function fastest(runs: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('config limits: many problems', () => {
  it('reports the first 100 of 30,000 unknown keys with the total, each located and suggested', () => {
    const text = unknownKeys(30_000);
    expect(text.length).toBeGreaterThan(280_000);
    expect(text.length).toBeLessThan(300_000);
    const error = catchOvertureError(() => parseConfigText(text));
    expect(error.code).toBe('invalid_config');
    expect(error.total).toBe(30_000);
    expect(error.details).toHaveLength(defaultConfigLimits.maxReportedProblems);
    expect(error.details[0]).toEqual({ path: 'k0', message: "unknown key 'k0' in the config", line: 5, column: 1 });
    expect(error.details[99]).toMatchObject({ path: 'k99', line: 104, column: 1 });
    // Suggestions still come for the reported keys: `trainr` is near `trainer`.
    const near = catchOvertureError(() => parseConfigText(`trainr: {}\n${unknownKeys(30_000)}`));
    expect(near.details[0]).toMatchObject({ path: 'trainr', suggestion: "did you mean 'trainer'?" });
    expect(near.total).toBe(30_001);
    expect(error.message).toMatch(/^The config has 30,000 problems: .*; and 29,900 more$/);
  });

  it('validates 30,000 unknown keys in well under 2 s, and 10x the keys cost about 10x the time (not 100x)', () => {
    const small = unknownKeys(3_000);
    const large = unknownKeys(30_000);
    const run = (text: string) => () => void catchOvertureError(() => parseConfigText(text));
    const smallMs = fastest(3, run(small));
    const largeMs = fastest(2, run(large));
    expect(largeMs).toBeLessThan(2_000);
    // Linear gives ~10x; the quadratic this replaced gave ~100x (35 s for 30,000 keys).
    expect(largeMs).toBeLessThan(Math.max(smallMs, 5) * 30);
  });

  it('counts unknown keys across features and sections, reporting only the first 100', () => {
    const features = Array.from({ length: 2_000 }, (_, i) => `  - {name: f${i}, type: number, colour: red, size: 2}`).join('\n');
    const error = catchOvertureError(() => parseConfigText(`input_features:\n${features}\noutput_features:\n  - {name: y, type: binary}\n`));
    expect(error.total).toBe(4_000);
    expect(error.details).toHaveLength(100);
    expect(error.details[0]).toMatchObject({ path: 'input_features[0].colour', line: 2 });
  });

  it('reports a duplicate key in a mapping of 30,000 keys at once, pointing at the second one', () => {
    const keys = Array.from({ length: 30_000 }, (_, i) => `  k${i}: 1`);
    keys.push('  k7: 2');
    const start = performance.now();
    const error = catchOvertureError(() => parseConfigText(`${head}trainer:\n${keys.join('\n')}\n`));
    expect(performance.now() - start).toBeLessThan(2_000);
    expect(error.details).toEqual([{ message: "the key 'k7' appears twice in one mapping; keep one", line: 30_006, column: 3 }]);
  });
});

describe('config limits: nesting', () => {
  const deep = 10_000;
  const variants: [string, string, 'yaml' | 'json'][] = [
    ['YAML flow lists', `${head}trainer: {x: ${'['.repeat(deep)}${']'.repeat(deep)}}\n`, 'yaml'],
    ['YAML flow mappings', `${head}trainer: ${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`, 'yaml'],
    ['YAML block lists', `${head}trainer:\n  x:\n    ${'- '.repeat(deep)}1\n`, 'yaml'],
    ['YAML block mappings, one space a level', `${head}trainer:\n${Array.from({ length: 900 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} 1\n`, 'yaml'],
    ['JSON objects', `{"input_features": [{"name": "a", "type": "number"}], "output_features": [{"name": "y", "type": "binary"}], "trainer": ${'{"a": '.repeat(deep)}1${'}'.repeat(deep)}}`, 'json'],
    ['JSON arrays', `{"input_features": ${'['.repeat(deep)}${']'.repeat(deep)}}`, 'json'],
  ];
  for (const [name, text, format] of variants) {
    it(`refuses ${deep.toLocaleString('en-US')} levels of ${name} as nested too deeply`, () => {
      const start = performance.now();
      const error = catchOvertureError(() => parseConfigText(text, format));
      expect(performance.now() - start).toBeLessThan(2_000);
      expect(error.code).toBe('invalid_config');
      expect(error.details).toHaveLength(1);
      expect(error.details[0].message).toBe('the config is nested more than 32 levels deep');
      expect(error.details[0].line).toBeGreaterThanOrEqual(1);
    });
  }

  it('refuses a deeply nested object config (a job payload, a bundle file) without a stack overflow', () => {
    let trainer: Record<string, unknown> = { epochs: 1 };
    for (let i = 0; i < 100_000; i++) trainer = { a: trainer };
    const error = catchOvertureError(() => resolveConfig({ input_features: [{ name: 'a', type: 'number' }], output_features: [{ name: 'y', type: 'binary' }], trainer }));
    expect(error.details[0].message).toBe('the config is nested more than 32 levels deep');
    expect(error.details[0].path).toBe(`trainer${'.a'.repeat(31)}`);
  });

  it('finds a dependency cycle along a chain of 100,000 outputs without recursion', () => {
    const outputs = Array.from({ length: 100_000 }, (_, i) => ({ name: `o${i}`, dependencies: [`o${(i + 1) % 100_000}`] }));
    const cycle = findDependencyCycle(outputs);
    expect(cycle).toHaveLength(100_001);
    expect(cycle?.[0]).toBe('o0');
    expect(findDependencyCycle(outputs.slice(0, -1))).toBeNull();
  });
});

describe('config limits: expansion (billion laughs)', () => {
  /** Nine levels of nine aliases to the level below: 9^9 ≈ 387 million strings if expanded. */
  const laughs = (indent: string) => {
    const lines = [`${indent}l0: &l0 [${Array(9).fill('lol').join(', ')}]`];
    for (let i = 1; i < 9; i++) lines.push(`${indent}l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]`);
    return lines.join('\n');
  };
  const variants: [string, string][] = [
    ['aliases of aliases at the top level', `${head}${laughs('')}\n`],
    ['aliases of aliases inside a section', `${head}trainer:\n${laughs('  ')}\n`],
    ['aliases used as a defaults block', `${laughs('x_')}\n${head}defaults:\n  number:\n    preprocessing: *l8\n`.replace(/^x_/gm, '')],
    [
      'merge keys (<<) of merge keys, YAML 1.1',
      `%YAML 1.1\n---\n${head}m0: &m0 {${Array.from({ length: 10 }, (_, k) => `k${k}: ${k}`).join(', ')}}\n${Array.from({ length: 11 }, (_, i) => `m${i + 1}: &m${i + 1} {<<: [${Array(10).fill(`*m${i}`).join(', ')}], x: *m${i}}`).join('\n')}\n`,
    ],
    ['one wide anchor aliased many times', `${head}w: &w [${Array.from({ length: 5_000 }, (_, i) => i).join(', ')}]\nuses: [${Array(100).fill('*w').join(', ')}]\n`],
  ];
  for (const [name, text] of variants) {
    it(`refuses ${name} quickly with a plain message`, () => {
      const start = performance.now();
      const error = catchOvertureError(() => parseConfigText(text));
      expect(performance.now() - start).toBeLessThan(2_000);
      expect(error.code).toBe('invalid_config');
      expect(error.details).toHaveLength(1);
      expect(error.details[0].message).toMatch(/expands YAML aliases \(\*name\) or merge keys \(<<\) more than 100 times|more than 100,000 keys and list items/);
    });
  }

  it('refuses an alias that refers to itself (a cycle) as too deep', () => {
    const error = catchOvertureError(() => parseConfigText(`${head}trainer: &t {x: *t}\n`));
    expect(error.details[0].message).toBe('the config is nested more than 32 levels deep');
  });

  it('still accepts a few ordinary aliases', () => {
    const { config } = parseConfigText('input_features:\n  - {name: a, type: number, preprocessing: &p {normalization: minmax}}\n  - {name: b, type: number, preprocessing: *p}\noutput_features:\n  - {name: y, type: binary}\n');
    expect(config.input_features[1].preprocessing).toMatchObject({ normalization: 'minmax' });
  });
});

describe('config limits: size', () => {
  it('refuses text over 512 KB as too large, naming the limit', () => {
    const text = `${head}# ${'x'.repeat(600_000)}\n`;
    const error = catchOvertureError(() => parseConfigText(text));
    expect(error.code).toBe('too_large');
    expect(error.status).toBe(413);
    expect(error.message).toMatch(/the config is 600,\d{3} characters long; the limit is 524,288/);
  });

  it('refuses a list longer than 25,000 items, in YAML and in an object', () => {
    const items = Array(30_000).fill('0.1').join(',');
    const error = catchOvertureError(() => parseConfigText(`${head}preprocessing: {split: {probabilities: [${items}]}}\n`));
    expect(error.details).toEqual([{ path: 'preprocessing.split.probabilities', message: 'a list of 30000 items; the limit is 25000', line: 5, column: 25 }]);
    const features = Array.from({ length: 30_000 }, (_, i) => ({ name: `f${i}`, type: 'number' }));
    const fromObject = catchOvertureError(() => resolveConfig({ input_features: features, output_features: [{ name: 'y', type: 'binary' }] }));
    expect(fromObject.details[0]).toMatchObject({ path: 'input_features', message: 'a list of 30000 items; the limit is 25000' });
  });

  it('refuses more than 100,000 keys and list items in all', () => {
    const lists = Array.from({ length: 6 }, (_, i) => `  l${i}: [${Array(20_000).fill('1').join(',')}]`).join('\n');
    const error = catchOvertureError(() => parseConfigText(`${head}trainer:\n${lists}\n`));
    expect(error.details[0].message).toBe('the config has more than 100,000 keys and list items (counting every use of a YAML alias); that is the limit');
  });

  it('refuses a key or string longer than 10,000 characters', () => {
    const key = catchOvertureError(() => parseConfigText(`${head}trainer: {${'k'.repeat(20_000)}: 1}\n`));
    expect(key.details[0].message).toBe('a key of 20000 characters; the limit is 10000');
    const value = catchOvertureError(() => parseConfigText(`${head}trainer: {optimizer: {type: ${'k'.repeat(20_000)}}}\n`));
    expect(value.details[0]).toMatchObject({ path: 'trainer.optimizer.type', message: 'a string of 20000 characters; the limit is 10000' });
  });

  it('refuses YAML 1.1 sets, binaries and timestamps, which are not JSON values', () => {
    for (const [value, kind] of [['!!set {a, b}', 'Set'], ['!!binary aGVsbG8=', 'Buffer'], ['2001-12-14', 'Date']]) {
      const error = catchOvertureError(() => parseConfigText(`%YAML 1.1\n---\n${head}trainer: {epochs: ${value}}\n`));
      expect(error.details[0]).toMatchObject({ path: 'trainer.epochs', message: `a ${kind} value; a config holds only mappings, lists, strings, numbers, booleans and null` });
    }
  });
});

describe('did-you-mean within a bound', () => {
  it('agrees with the full edit distance up to the bound', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => 'abcd'[Math.floor(random() * 4)]).join('');
    for (let n = 0; n < 2_000; n++) {
      const a = word();
      const b = word();
      const limit = 1 + Math.floor(random() * 3);
      expect(editDistanceWithin(a, b, limit), `${a} ${b} ${limit}`).toBe(Math.min(editDistance(a, b), limit + 1));
    }
  });

  it('compares a 10,000-character word with 20,000 candidates quickly', () => {
    const columns = Array.from({ length: 20_000 }, (_, i) => `column_${i}_${'x'.repeat(i % 10_000)}`);
    const start = performance.now();
    for (const column of columns) editDistanceWithin('q'.repeat(10_000), column, 3);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
