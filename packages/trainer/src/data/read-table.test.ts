import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OvertureError } from '@overture/config';
import { xlsxWorkbook } from '@overture/testing/xlsx';
import { readTable, readTableInChunks } from './read-table.js';
import type { RawTable } from './table.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overture-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** The OvertureError a promise rejects with. */
async function failure(promise: Promise<unknown>): Promise<OvertureError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OvertureError);
    return error as OvertureError;
  }
  throw new Error('expected the read to fail');
}

const rows = (table: RawTable) =>
  Array.from({ length: table.rowCount }, (_, row) => table.columns.map((name) => table.data[name][row]));

describe('readTable: CSV', () => {
  it('reads a header and rows; an empty cell is missing', async () => {
    const table = await readTable(await file('basic.csv', 'a,b,c\n1,x,\n2,,z\n'));
    expect(table.columns).toEqual(['a', 'b', 'c']);
    expect(table.rowCount).toBe(2);
    expect(table.data).toEqual({ a: ['1', '2'], b: ['x', null], c: [null, 'z'] });
  });

  it('strips a UTF-8 BOM and handles CRLF line endings', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,city\r\nAnn,Zürich\r\nBo,"Oslo"\r\n')]);
    const table = await readTable(await file('bom-crlf.csv', bytes));
    expect(table.columns).toEqual(['name', 'city']);
    expect(rows(table)).toEqual([['Ann', 'Zürich'], ['Bo', 'Oslo']]);
  });

  it('keeps quoted delimiters, doubled quotes and quoted newlines inside one value', async () => {
    const table = await readTable(await file('quoted.csv', 'id,text\n1,"a, b"\n2,"say ""hi"""\n3,"line one\nline two"\n4,plain\n'));
    expect(table.data.text).toEqual(['a, b', 'say "hi"', 'line one\nline two', 'plain']);
  });

  it('names the physical line of a ragged row, counting line breaks inside quotes', async () => {
    const path = await file('ragged.csv', 'a,b,c\n1,"two\nlines",3\n4,5,6\n7,8\n');
    const error = await failure(readTable(path));
    expect(error.code).toBe('invalid_data');
    expect(error.message).toBe('ragged.csv: line 5 has 2 fields, the header has 3. Check for an unquoted \',\' or a missing value.');
    expect(error.details[0].line).toBe(5);
  });

  it('reports too many fields as well as too few', async () => {
    const error = await failure(readTable(await file('wide.csv', 'a,b,c,d\n1,2,3,4\n1,2,3,4,5\n')));
    expect(error.message).toContain('line 3 has 5 fields, the header has 4');
  });

  it('refuses an empty file, and a file of blank lines', async () => {
    expect((await failure(readTable(await file('empty.csv', '')))).message).toBe('empty.csv: is empty: it has no header row and no data.');
    expect((await failure(readTable(await file('blank.csv', '\n\n  \n')))).message).toMatch(/is empty/);
  });

  it('reads a header-only file as a table with columns and no rows', async () => {
    const table = await readTable(await file('header.csv', 'a,b\n'));
    expect(table).toEqual({ columns: ['a', 'b'], rowCount: 0, data: { a: [], b: [] } });
  });

  it('refuses duplicate column names, naming both positions', async () => {
    const error = await failure(readTable(await file('dupes.csv', 'x,a,b,c,x\n1,2,3,4,5\n')));
    expect(error.message).toBe("dupes.csv: column 'x' appears twice (columns 1 and 5); rename one of them.");
    expect(error.details[0]).toMatchObject({ path: 'x', line: 1, column: 5 });
  });

  it('detects semicolon, tab and pipe delimiters', async () => {
    const semicolon = await readTable(await file('semi.csv', 'a;b;c\n1,5;2,5;x\n3;4;"y;z"\n'));
    expect(semicolon.columns).toEqual(['a', 'b', 'c']);
    expect(semicolon.data.a).toEqual(['1,5', '3']);
    expect(semicolon.data.c).toEqual(['x', 'y;z']);
    const tab = await readTable(await file('tabbed.csv', 'a\tb\n1\t2\n'));
    expect(tab.data).toEqual({ a: ['1'], b: ['2'] });
    const pipe = await readTable(await file('pipe.csv', 'a|b\n1|2\n'));
    expect(pipe.data).toEqual({ a: ['1'], b: ['2'] });
  });

  it('reads .tsv as tab-separated even when values hold commas', async () => {
    const table = await readTable(await file('data.tsv', 'a\tb\n1,2\t3\n'));
    expect(table.data).toEqual({ a: ['1,2'], b: ['3'] });
  });

  it('decodes a Latin-1 file', async () => {
    const bytes = iconv.encode('word,n\ncafé,1\nna\u00efve,2\n', 'latin1');
    expect(bytes.includes(0xe9)).toBe(true);
    const table = await readTable(await file('latin1.csv', bytes));
    expect(table.data.word).toEqual(['café', 'naïve']);
  });

  it('re-reads as Latin-1 when a non-UTF-8 byte appears after the first megabyte', async () => {
    const filler = 'ascii,1\n'.repeat(150_000);
    const bytes = Buffer.concat([Buffer.from(`word,n\n${filler}`), iconv.encode('café,2\n', 'latin1')]);
    const table = await readTable(await file('late-latin1.csv', bytes));
    expect(table.rowCount).toBe(150_001);
    expect(table.data.word[150_000]).toBe('café');
  });

  it('keeps only the requested columns and stops at maxRows', async () => {
    const path = await file('select.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n');
    const table = await readTable(path, { columns: ['c', 'a'], maxRows: 2 });
    expect(table).toEqual({ columns: ['a', 'c'], rowCount: 2, data: { a: ['1', '4'], c: ['3', '6'] } });
    const error = await failure(readTable(path, { columns: ['nope'] }));
    expect(error.message).toBe("select.csv: no column named 'nope'; the columns are 'a', 'b', 'c'.");
  });

  it('names an unclosed quote by line', async () => {
    const error = await failure(readTable(await file('unclosed.csv', 'a,b\n1,2\n3,"oops\n')));
    expect(error.message).toContain('line 3 opens a quoted field that is never closed');
  });

  it('gives empty header cells pandas-style names', async () => {
    const table = await readTable(await file('unnamed.csv', ',value\n0,a\n1,b\n'));
    expect(table.columns).toEqual(['Unnamed: 0', 'value']);
  });

  it('streams batches that add up to the whole file', async () => {
    const lines = ['n,sq', ...Array.from({ length: 1000 }, (_, i) => `${i},"${i * i}\n"`)];
    const path = await file('batches.csv', `${lines.join('\n')}\n`);
    const sizes: number[] = [];
    let last = '';
    for await (const batch of readTableInChunks(path, { batchRows: 300 })) {
      sizes.push(batch.rowCount);
      if (batch.rowCount > 0) last = batch.data.n[batch.rowCount - 1]!;
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(sizes.length).toBeGreaterThan(1);
    expect(last).toBe('999');
  });
});

describe('readTable: other formats and file errors', () => {
  it('refuses a missing file and an unsupported extension', async () => {
    const missing = await failure(readTable(join(dir, 'nope.csv')));
    expect(missing.message).toMatch(/^nope\.csv: file not found: /);
    const unsupported = await failure(readTable(await file('data.xls', 'x')));
    expect(unsupported.message).toBe(
      "data.xls: has the extension '.xls', which is not a supported table format. Supported: .csv, .txt, .tsv, .tab, .json, .jsonl, .ndjson, .parquet, .pq, .xlsx (or pass format explicitly).",
    );
  });

  const expected: RawTable = {
    columns: ['name', 'age', 'member', 'tags'],
    rowCount: 3,
    data: { name: ['Ann', 'Bo', null], age: ['31', '4.5', '7'], member: ['true', 'false', null], tags: ['["a","b"]', null, '{"k":1}'] },
  };
  const records = [
    { name: 'Ann', age: 31, member: true, tags: ['a', 'b'] },
    { name: 'Bo', age: 4.5, member: false, tags: null },
    { name: null, age: 7, tags: { k: 1 } },
  ];

  it('reads a JSON array of records, stringifying values', async () => {
    expect(await readTable(await file('records.json', JSON.stringify(records)))).toEqual(expected);
  });

  it("reads pandas orient='split' and orient='columns'", async () => {
    const split = { columns: ['a', 'b'], index: [0, 1], data: [[1, 'x'], [2, null]] };
    expect(await readTable(await file('split.json', JSON.stringify(split)))).toEqual({ columns: ['a', 'b'], rowCount: 2, data: { a: ['1', '2'], b: ['x', null] } });
    const columns = { a: { '0': 1, '1': 2 }, b: { '0': 'x', '1': null } };
    expect(await readTable(await file('columns.json', JSON.stringify(columns)))).toEqual({ columns: ['a', 'b'], rowCount: 2, data: { a: ['1', '2'], b: ['x', null] } });
  });

  it('says when a JSON file is not valid JSON (with line and column when the engine reports a position)', async () => {
    const error = await failure(readTable(await file('bad.json', '[\n{"a": 1},\n{"a": }\n]')));
    expect(error.message).toMatch(/^bad\.json: is not valid JSON( \(line 3, column 7\))?: /);
    expect(error.code).toBe('invalid_data');
  });

  it('reads JSON Lines, a key first seen later becoming a column', async () => {
    const text = records.map((record) => JSON.stringify(record)).join('\n');
    expect(await readTable(await file('records.jsonl', `${text}\n`))).toEqual(expected);
    const later = await readTable(await file('later.jsonl', '{"a":1}\n\n{"a":2,"b":"x"}\n'));
    expect(later).toEqual({ columns: ['a', 'b'], rowCount: 2, data: { a: ['1', '2'], b: [null, 'x'] } });
  });

  it('names the JSON Lines line that is not a record', async () => {
    const error = await failure(readTable(await file('bad.jsonl', '{"a":1}\n{"a":2}\n{"a":\n')));
    expect(error.message).toMatch(/^bad\.jsonl: line 3 is not valid JSON/);
    expect(error.details[0].line).toBe(3);
    const array = await failure(readTable(await file('array.jsonl', '{"a":1}\n[1,2]\n')));
    expect(array.message).toBe('array.jsonl: line 2 is an array; each line must be one record ({"column": value, …}).');
  });

  it('round-trips Parquet written by hyparquet-writer, marking timestamp columns as dates', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'name', data: ['Ann', 'Bo', null], type: 'STRING' },
        { name: 'age', data: [31, 4.5, 7], type: 'DOUBLE' },
        { name: 'member', data: [true, false, null], type: 'BOOLEAN' },
        { name: 'seen', data: [new Date('2024-03-11T12:00:00Z'), new Date('2024-03-12T00:00:00Z'), null], type: 'TIMESTAMP' },
      ],
    });
    const path = await file('table.parquet', new Uint8Array(buffer));
    const table = await readTable(path);
    expect(table.columns).toEqual(['name', 'age', 'member', 'seen']);
    expect(table.data).toEqual({
      name: ['Ann', 'Bo', null],
      age: ['31', '4.5', '7'],
      member: ['true', 'false', null],
      seen: ['2024-03-11T12:00:00.000Z', '2024-03-12T00:00:00.000Z', null],
    });
    expect(table.sourceTypes?.seen).toBe('date');
    const subset = await readTable(path, { columns: ['age'], maxRows: 2 });
    expect(subset).toMatchObject({ columns: ['age'], rowCount: 2, data: { age: ['31', '4.5'] } });
  });

  it('round-trips an .xlsx workbook (first sheet in tab order, formulas give results, styled numbers are dates)', async () => {
    const path = await file('book.xlsx', xlsxWorkbook([
      { name: 'data', rows: [['name', 'age', 'joined', 'double', 'member'], ['Ann', 31, new Date(Date.UTC(2024, 2, 11)), { formula: 'B2*2', result: 62 }, true], ['Bo', 4.5, null, { formula: 'B3*2', result: 9 }, false]] },
      { name: 'ignored', rows: [['x']] },
    ]));
    const table = await readTable(path);
    expect(table).toMatchObject({
      columns: ['name', 'age', 'joined', 'double', 'member'],
      rowCount: 2,
      data: { name: ['Ann', 'Bo'], age: ['31', '4.5'], joined: ['2024-03-11T00:00:00.000Z', null], double: ['62', '9'], member: ['true', 'false'] },
    });
    expect(table.sourceTypes).toEqual({ name: 'string', age: 'number', joined: 'date', double: 'number', member: 'boolean' });
  });

  it('reads inline strings, rich text, errors, the 1904 date system and times of day', async () => {
    const path = await file('inline.xlsx', xlsxWorkbook([
      { name: 'data', rows: [['text', 'when', 'bad'], [{ richText: ['bold ', 'move'] }, new Date(Date.UTC(2001, 0, 2, 6, 30)), { error: '#DIV/0!' }], [null, null, null], ['plain', null, 1]] },
    ], { date1904: true, inlineStrings: true }));
    const table = await readTable(path);
    expect(table.rowCount).toBe(2);
    expect(table.data).toEqual({ text: ['bold move', 'plain'], when: ['2001-01-02T06:30:00.000Z', null], bad: [null, '1'] });
  });

  it('refuses duplicate header cells in a workbook', async () => {
    const path = await file('dupes.xlsx', xlsxWorkbook([{ name: 'data', rows: [['a', 'b', 'a'], [1, 2, 3]] }]));
    const error = await failure(readTable(path));
    expect(error.message).toBe("dupes.xlsx: column 'a' appears twice (columns 1 and 3); rename one of them.");
  });
});
