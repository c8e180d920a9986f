import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.js';
import { tempDir, toyCsv, writeFile } from './test/fixtures.js';

/**
 * Column, feature and category names are data: ones that are also names on Object.prototype must
 * train, predict and round-trip through the bundle's JSON like any other name.
 */
const renamed: Record<string, string> = { a: '__proto__', b: 'toString', city: 'constructor', constant: 'prototype', label: 'valueOf', size: 'hasOwnProperty' };
const cities: Record<string, string> = { paris: '__proto__', rome: 'constructor', oslo: 'toString' };

function reservedCsv(rows: number): string {
  const [header, ...lines] = toyCsv(rows).trim().split('\n');
  const names = header.split(',').map((name) => renamed[name] ?? name);
  return [names.join(','), ...lines.map((line) => line.replace(/,(paris|rome|oslo),/, (_, city: string) => `,${cities[city]},`))].join('\n') + '\n';
}

const config = `input_features:
  - {name: __proto__, type: number}
  - {name: toString, type: number}
  - {name: constructor, type: category}
output_features:
  - {name: valueOf, type: binary}
  - {name: hasOwnProperty, type: number}
trainer: {epochs: 30, batch_size: 32, learning_rate: 0.01}
`;

describe('columns and values named like Object.prototype members', () => {
  const dir = tempDir();

  it('profile and init-config see every column, with its type', async () => {
    const data = writeFile(dir, 'init.csv', reservedCsv(120));
    const out = path.join(dir, 'init.yaml');
    const r = await runCli(['init-config', '--dataset', data, '--target', 'valueOf', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) expect(text).toContain(`name: ${name}\n`);
  });

  it('trains, predicts and round-trips the metadata with such names', async () => {
    const data = writeFile(dir, 'train.csv', reservedCsv(240));
    const cfg = writeFile(dir, 'config.yaml', config);
    const trained = await runCli(['experiment', '--config', cfg, '--dataset', data, '--output-directory', path.join(dir, 'out')]);
    expect(trained.code, trained.stderr).toBe(0);

    const metadata = JSON.parse(readFileSync(path.join(dir, 'out/model/training_set_metadata.json'), 'utf8'));
    for (const name of ['__proto__', 'toString', 'constructor', 'valueOf', 'hasOwnProperty']) expect(Object.hasOwn(metadata, name), name).toBe(true);
    expect(metadata.constructor.idx2str.slice(1).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(Object.hasOwn(metadata.constructor.str2idx, '__proto__')).toBe(true);
    const stats = JSON.parse(readFileSync(path.join(dir, 'out/test_statistics.json'), 'utf8'));
    expect(stats.valueOf.accuracy).toBeGreaterThan(0.8);
    expect(Object.hasOwn(stats, 'hasOwnProperty')).toBe(true);

    const rows = writeFile(dir, 'rows.csv', '__proto__,toString,constructor\n1.5,1.5,constructor\n-1.5,-1.5,__proto__\n');
    const preds = path.join(dir, 'preds.csv');
    const predicted = await runCli(['predict', '--model', path.join(dir, 'out/model'), '--dataset', rows, '--output', preds]);
    expect(predicted.code, predicted.stderr).toBe(0);
    const [header, first, second] = readFileSync(preds, 'utf8').trim().split('\n');
    expect(header.split(',')).toEqual(['valueOf_predictions', 'valueOf_probabilities_no', 'valueOf_probabilities_yes', 'valueOf_probability', 'hasOwnProperty_predictions']);
    expect(first.split(',')[0]).toBe('yes');
    expect(second.split(',')[0]).toBe('no');
  });
});
