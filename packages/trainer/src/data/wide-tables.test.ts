import { autoConfig, parseConfigText, renderConfigYaml } from '@overture/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileTable } from './profile.js';
import { readTable } from './read-table.js';

/** Column-sized and row-sized arrays must never be spread into a call (`Math.max(...x)`, `push(...x)`): V8 overflows its stack near 100,000 arguments. */
describe('wide and long tables', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'overture-wide-'));

  it('profiles, type-infers and auto-configures a 20,000-column CSV', async () => {
    const columns = 20_000;
    const header = Array.from({ length: columns }, (_, c) => `c${c}`);
    const rows = Array.from({ length: 30 }, (_, r) => header.map((_, c) => (c % 3 === 0 ? String(r * (c + 1) + 0.5) : c % 3 === 1 ? `v${(r + c) % 4}` : r % 2 ? 'yes' : 'no')).join(','));
    const file = path.join(dir, 'wide.csv');
    writeFileSync(file, `${header.join(',')}\n${rows.join('\n')}\n`);
    const table = await readTable(file);
    expect(table.columns).toHaveLength(columns);
    const profile = profileTable(table);
    expect(profile.columns).toHaveLength(columns);
    expect(profile.columns.slice(0, 3).map((c) => c.inferredType)).toEqual(['number', 'category', 'binary']);
    const { config } = autoConfig(profile, ['c2']);
    expect(config.input_features?.length).toBeGreaterThan(19_000);
    expect(config.output_features).toEqual([{ name: 'c2', type: 'binary' }]);
  });

  it('profiles 100,000 rows of a few columns', async () => {
    const lines = ['n,cat,flag,text'];
    for (let r = 0; r < 100_000; r++) lines.push(`${r * 0.5},k${r % 97},${r % 2 ? 'true' : 'false'},word${r} and more`);
    const file = path.join(dir, 'long.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const profile = profileTable(await readTable(file));
    expect(profile.columns.map((c) => c.inferredType)).toEqual(['number', 'category', 'binary', 'text']);
    expect(profile.columns[0].numeric).toMatchObject({ min: 0, max: 49_999.5 });
  });
});
