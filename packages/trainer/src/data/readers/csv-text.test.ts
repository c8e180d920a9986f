import { describe, expect, it } from 'vitest';
import { parseCsvText } from './csv-text.js';

describe('parseCsvText', () => {
  it('reads a quoted, semicolon-delimited body with a BOM, empty cells missing', () => {
    const { table, badRows } = parseCsvText('\ufeffa;b\n1;"x;y"\n;z\n');
    expect(table.columns).toEqual(['a', 'b']);
    expect(table.data).toEqual({ a: ['1', null], b: ['x;y', 'z'] });
    expect(badRows).toEqual([]);
  });

  it('keeps a row with the wrong field count as an all-missing row and reports it', () => {
    const { table, badRows } = parseCsvText('a,b\n1,2\n3\n4,5\n');
    expect(table.rowCount).toBe(3);
    expect(table.data.a).toEqual(['1', null, '4']);
    expect(badRows).toEqual([{ row: 2, message: 'has 1 field, the header has 2.' }]);
  });

  it('fails on an empty body and on an unclosed quote', () => {
    expect(() => parseCsvText('  \n')).toThrow(/is empty/);
    expect(() => parseCsvText('a,b\n"1,2\n')).toThrow(/quoted field/);
  });
});
