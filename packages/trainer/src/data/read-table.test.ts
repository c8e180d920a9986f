import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OvertureError } from '@overture/config';
import { repeatDeflated, xlsxWorkbook, zipArchive, type XlsxOptions } from '@overture/testing/xlsx';
import { readTable, readTableInChunks } from './read-table.js';
import type { RawTable } from './table.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overture-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const written = new Set<string>();
async function file(name: string, content: string | Uint8Array): Promise<string> {
  written.add(name);
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

describe('readTable: hostile files fail with the limit they break, read nothing to disk', () => {
  const sst = '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';
  const sheet = (rows: string) => `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
  const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>text</t></is></c></row>';
  /** A workbook whose parts are replaced by `parts`. */
  const book = (name: string, parts: XlsxOptions['parts']) =>
    file(name, xlsxWorkbook([{ name: 'data', rows: [['text'], ['a']] }], { parts }));

  // exceljs copied a sheet it met before the shared strings to a file in os.tmpdir(), left behind
  // when the read failed: point os.tmpdir() at a folder of our own, and check it stays empty —
  // and that the readers wrote nothing beside the files either.
  let tmp: string;
  const previousTmp = process.env.TMPDIR;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'overture-read-tmp-'));
    process.env.TMPDIR = tmp;
    expect(tmpdir()).toBe(tmp);
  });
  afterAll(async () => {
    process.env.TMPDIR = previousTmp;
    expect(await readdir(tmp)).toEqual([]);
    await rm(tmp, { recursive: true, force: true });
    expect((await readdir(dir)).filter((name) => !written.has(name))).toEqual([]);
  });

  it('refuses a shared-strings bomb from its declared size, before inflating it', async () => {
    // 30 KB strings × 40,000: 1.2 GB of shared strings in a 3 MB file.
    const bomb = repeatDeflated(sst, `<si><t>${'a'.repeat(30_000)}</t></si>`, 40_000, '</sst>');
    const path = await book('bomb.xlsx', [{ name: 'xl/sharedStrings.xml', deflated: bomb }]);
    const started = Date.now();
    const error = await failure(readTable(path));
    expect(error.message).toMatch(/^bomb\.xlsx: 'xl\/sharedStrings\.xml' declares 1,145 MB when decompressed, over the limit of 1 GB \(OVERTURE_MAX_UNPACKED_BYTES\)\. The file may be a decompression bomb/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses the same bomb when its zip headers lie about the size, while it streams', async () => {
    const bomb = repeatDeflated(sst, `<si><t>${'a'.repeat(30_000)}</t></si>`, 40_000, '</sst>');
    const path = await book('liar.xlsx', [{ name: 'xl/sharedStrings.xml', deflated: bomb, declaredSize: 4096 }]);
    const error = await failure(readTable(path));
    expect(error.message).toMatch(/^liar\.xlsx: has a damaged part 'xl\/sharedStrings\.xml' \(too many bytes in the stream/);
  });

  it('caps the shared strings by count and by total characters', async () => {
    const many = await book('many.xlsx', [{ name: 'xl/sharedStrings.xml', deflated: repeatDeflated(sst, '<si><t>x</t></si>', 20_000, '</sst>') }]);
    expect((await failure(readTable(many, { limits: { maxSharedStrings: 10_000 } }))).message)
      .toMatch(/^many\.xlsx: has more than 10,000 shared strings, over the limit of 10,000 \(OVERTURE_MAX_SHARED_STRINGS\)/);
    expect((await failure(readTable(many, { limits: { maxSharedStringChars: 5000 } }))).message).toContain('(OVERTURE_MAX_SHARED_STRING_CHARS)');
  });

  it('refuses a sheet padded with whitespace: by its ratio, or (ratio allowed) by the run between two tags', async () => {
    const [head, tail] = sheet(`${header}<!--split-->`).split('<!--split-->');
    const padded = repeatDeflated(head, ' '.repeat(65_536), 320, tail);
    const path = await book('padded.xlsx', [{ name: 'xl/worksheets/sheet1.xml', deflated: padded }]);
    expect((await failure(readTable(path))).message).toMatch(/^padded\.xlsx: 'xl\/worksheets\/sheet1\.xml' declares \d+ times its compressed size, over the limit of 200:1 \(OVERTURE_MAX_UNPACK_RATIO\)/);
    expect((await failure(readTable(path, { limits: { maxUnpackRatio: 1e6 } }))).message)
      .toBe("padded.xlsx: 'xl/worksheets/sheet1.xml' holds a value or tag longer than the per-cell limit, over the limit of 1 MB (OVERTURE_MAX_CELL_BYTES). The file may be a decompression bomb; if it is genuine, an admin can raise OVERTURE_MAX_CELL_BYTES.");
  });

  it('refuses a cell over the per-cell limit: one long inline string, or a shared string of many runs', async () => {
    const long = await file('long.xlsx', xlsxWorkbook([{ name: 'data', rows: [['text'], [randomBytes(1.5 * 1024 ** 2).toString('base64')]] }], { inlineStrings: true }));
    expect((await failure(readTable(long))).message).toContain('longer than the per-cell limit, over the limit of 1 MB (OVERTURE_MAX_CELL_BYTES)');
    const runs = `${sst}<si>${'<r><t>abcdefghij</t></r>'.repeat(50)}</si></sst>`;
    const rich = await book('rich.xlsx', [{ name: 'xl/sharedStrings.xml', data: runs }]);
    expect((await failure(readTable(rich, { limits: { maxCellBytes: 300 } }))).message)
      .toMatch(/^rich\.xlsx: shared string 1 is longer than the per-cell limit, over the limit of 300 bytes \(OVERTURE_MAX_CELL_BYTES\)/);
    expect((await readTable(rich)).columns).toEqual(['abcdefghij'.repeat(50)]); // the header: shared string 0
  });

  it('refuses an archive with too many entries, and a sheet with too many cells', async () => {
    const crowded = await book('crowded.xlsx', Array.from({ length: 60 }, (_, i) => ({ name: `xl/media/image${i}.png`, data: 'x' })));
    expect((await failure(readTable(crowded, { limits: { maxArchiveEntries: 50 } }))).message)
      .toMatch(/^crowded\.xlsx: holds 67 archive entries, over the limit of 50 \(OVERTURE_MAX_ARCHIVE_ENTRIES\)/);
    const wide = await file('wide.xlsx', xlsxWorkbook([{ name: 'data', rows: Array.from({ length: 101 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === 0 ? `c${c}` : r * c))) }]));
    expect((await failure(readTable(wide, { limits: { maxCells: 500 } }))).message)
      .toMatch(/^wide\.xlsx: its first sheet has more than 50 rows of 10 columns, over the limit of 500 \(OVERTURE_MAX_CELLS\)/);
    expect((await readTable(wide)).rowCount).toBe(100);
  });

  it('says a truncated or non-zip workbook is not readable', async () => {
    const whole = xlsxWorkbook([{ name: 'data', rows: [['a'], [1]] }]);
    const cut = await file('cut.xlsx', whole.subarray(0, Math.floor(whole.length / 2)));
    expect((await failure(readTable(cut))).message).toMatch(/^cut\.xlsx: is not an Excel \(\.xlsx\) workbook: it is not a readable zip archive \(.+\)\.$/);
    const text = await file('text.xlsx', 'name,age\n'.repeat(20));
    expect((await failure(readTable(text))).message).toMatch(/^text\.xlsx: is not an Excel \(\.xlsx\) workbook: it is not a readable zip archive/);
    const broken = await file('broken.xlsx', xlsxWorkbook([{ name: 'data', rows: [['a'], [1]] }], { parts: [{ name: 'xl/worksheets/sheet1.xml', data: '<worksheet><sheetData><row><c><v>1</v></row></sheetData></worksheet>' }] }));
    expect((await failure(readTable(broken))).message).toMatch(/^broken\.xlsx: is not a readable Excel \(\.xlsx\) workbook: its part 'xl\/worksheets\/sheet1\.xml' is not well-formed XML \(.+\)\.$/);
    const noSheet = await file('nosheet.xlsx', zipArchive([{ name: 'xl/workbook.xml', data: '<workbook><sheets/></workbook>' }]));
    expect((await failure(readTable(noSheet))).message).toBe('nosheet.xlsx: has no worksheet: an Excel (.xlsx) workbook needs at least one sheet.');
  });

  const parquetRows = 50_000;
  const parquet = () => new Uint8Array(parquetWriteBuffer({
    rowGroupSize: parquetRows,
    columnData: [{ name: 'text', data: Array.from({ length: parquetRows }, (_, i) => `row ${i} ${'x'.repeat(50)}`), type: 'STRING' }],
  }));

  it('refuses a Parquet file whose declared column sizes pass the limit, and a truncated one', async () => {
    const path = await file('big.parquet', parquet());
    expect((await failure(readTable(path, { limits: { maxUnpackedBytes: 512 * 1024 } }))).message)
      .toMatch(/^big\.parquet: declares more than 3 MB of uncompressed column data, over the limit of 512 KB \(OVERTURE_MAX_UNPACKED_BYTES\)/);
    expect((await failure(readTable(path, { limits: { maxCells: 1000 } }))).message).toContain('declares 50,000 rows of 1 columns, over the limit of 1,000 (OVERTURE_MAX_CELLS)');
    expect((await readTable(path, { maxRows: 1000, limits: { maxCells: 1000 } })).rowCount).toBe(1000);
    expect((await failure(readTable(path, { limits: { maxParquetMetadataBytes: 16 } }))).message).toContain('(OVERTURE_MAX_PARQUET_METADATA_BYTES)');
    const bytes = parquet();
    const cut = await file('cut.parquet', bytes.subarray(bytes.length / 2));
    expect((await failure(readTable(cut))).message).toMatch(/^cut\.parquet: is not a readable Parquet file: /);
  });

  it('refuses Parquet pages that decompress past the limit when the footer lies about their size', async () => {
    const bytes = parquet();
    const footerLength = Buffer.from(bytes).readUInt32LE(bytes.length - 8);
    const footer = Buffer.from(bytes.subarray(bytes.length - 8 - footerLength, bytes.length - 8));
    const declared = Number(parquetMetadata(bytes.buffer as ArrayBuffer).row_groups[0].columns[0].meta_data!.total_uncompressed_size);
    const field = (value: number) => {
      const out = [0x16]; // field 6 (total_uncompressed_size) of ColumnMetaData, an i64: zigzag varint
      for (let v = BigInt(value) * 2n; ; v >>= 7n) {
        if (v < 0x80n) { out.push(Number(v)); break; }
        out.push(Number(v & 0x7fn) | 0x80);
      }
      return Buffer.from(out);
    };
    const at = footer.indexOf(field(declared));
    expect(at).toBeGreaterThan(0);
    const lying = Buffer.concat([footer.subarray(0, at), field(100), footer.subarray(at + field(declared).length)]);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(lying.length);
    const path = await file('liar.parquet', Buffer.concat([bytes.subarray(0, bytes.length - 8 - footerLength), lying, length, Buffer.from('PAR1')]));
    expect(Number(parquetMetadata(new Uint8Array(await readFile(path)).buffer as ArrayBuffer).row_groups[0].columns[0].meta_data!.total_uncompressed_size)).toBe(100);
    expect((await failure(readTable(path, { limits: { maxUnpackedBytes: 512 * 1024 } }))).message)
      .toMatch(/^liar\.parquet: its pages decompress to more than 1 MB, over the limit of 512 KB \(OVERTURE_MAX_UNPACKED_BYTES\)/);
    expect((await readTable(path)).rowCount).toBe(parquetRows);
  });
});
