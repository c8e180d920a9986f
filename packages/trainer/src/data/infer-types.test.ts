import path, { dirname } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { ColumnProfile } from '@overture/config';
import { summarizeColumn } from './column-summary.js';
import { areConventionalBools, inferColumnType, isIdLike } from './infer-types.js';
import { profileTable } from './profile.js';
import { readTable } from './read-table.js';
import { encodeWav } from '../preprocessing/audio/decode-wav.js';

const datasets = '/work/shared/datasets';

async function profileOf(name: string): Promise<Map<string, ColumnProfile>> {
  const path = `${datasets}/${name}`;
  const profile = profileTable(await readTable(path), { baseDir: dirname(path) });
  return new Map(profile.columns.map((column) => [column.name, column]));
}

const infer = (values: (string | null)[], name = 'x', position = 1) => inferColumnType(summarizeColumn(name, position, values));
const repeat = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

describe('type inference on the real datasets', () => {
  it('penguins: species is a category, body_mass_g a number', async () => {
    const columns = await profileOf('penguins.csv');
    expect(columns.get('species')!.inferredType).toBe('category');
    expect(columns.get('island')!.inferredType).toBe('category');
    expect(columns.get('body_mass_g')!.inferredType).toBe('number');
    expect(columns.get('body_mass_g')!.missingCount).toBe(2);
    expect(columns.get('sex')!.inferredType).toBe('category');
  });

  it('seattle_weather: date is a date, weather a category', async () => {
    const columns = await profileOf('seattle_weather.csv');
    expect(columns.get('date')!.inferredType).toBe('date');
    expect(columns.get('weather')!.inferredType).toBe('category');
    expect(columns.get('precipitation')!.inferredType).toBe('number');
  });

  it('tickets: is_premium binary, ticket_text text, created_at date, channel category', async () => {
    const columns = await profileOf('tickets.csv');
    expect(columns.get('is_premium')!.inferredType).toBe('binary');
    expect(columns.get('ticket_text')!.inferredType).toBe('text');
    expect(columns.get('created_at')!.inferredType).toBe('date');
    expect(columns.get('channel')!.inferredType).toBe('category');
    expect(columns.get('intent')!.inferredType).toBe('category');
    expect(columns.get('amount')!.inferredType).toBe('number');
  });

  it('digits: image_path is an image when resolved against the dataset folder', async () => {
    const columns = await profileOf('digits.csv');
    expect(columns.get('image_path')!.inferredType).toBe('image');
    expect(columns.get('label')!.inferredType).toBe('category');
    const withoutBase = profileTable(await readTable(`${datasets}/digits.csv`));
    expect(withoutBase.columns[0].inferredType).not.toBe('image');
  });

  it('probes image paths only inside the dataset folder, and takes data:image URIs as images', async () => {
    const digits = await readTable(`${datasets}/digits.csv`);
    const paths = digits.data.image_path as string[];
    // The same files named from a folder below: '../' leaves it, absolute paths name files elsewhere.
    const escaping = { columns: ['p'], rowCount: 5, data: { p: paths.slice(0, 5).map((p) => `../${path.basename(datasets)}/${p}`) } };
    expect(profileTable(escaping, { baseDir: path.join(datasets, 'splits') }).columns[0].inferredType).not.toBe('image');
    const absolute = { columns: ['p'], rowCount: 5, data: { p: paths.slice(0, 5).map((p) => path.resolve(datasets, p)) } };
    expect(profileTable(absolute, { baseDir: path.join(datasets, 'splits') }).columns[0].inferredType).not.toBe('image');
    expect(profileTable(absolute, { baseDir: datasets }).columns[0].inferredType).toBe('image');
    const uris = { columns: ['p'], rowCount: 4, data: { p: ['a', 'b', 'c', 'd'].map((x) => `data:image/png;base64,iVBORw0KGgo${x}`) } };
    expect(profileTable(uris).columns[0]).toMatchObject({ inferredType: 'image' });
  });

  it('takes a column of ≥ 3 existing WAV paths inside the dataset folder, or data:audio URIs, as audio, and probes no other folder', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'overture-infer-audio-'));
    try {
      const names = ['a.wav', 'b.wav', 'c.wav'];
      for (const name of names) writeFileSync(path.join(folder, name), encodeWav([new Float32Array(8)], 8000));
      const table = { columns: ['call'], rowCount: 3, data: { call: names } };
      expect(profileTable(table, { baseDir: folder }).columns[0]).toMatchObject({ inferredType: 'audio' });
      expect(profileTable(table).columns[0].inferredType).not.toBe('audio');
      const escaping = { columns: ['call'], rowCount: 3, data: { call: names.map((n) => `../${path.basename(folder)}/${n}`) } };
      expect(profileTable(escaping, { baseDir: path.join(folder, 'x') }).columns[0].inferredType).not.toBe('audio');
      const twoOnly = { columns: ['call'], rowCount: 3, data: { call: ['a.wav', 'b.wav', 'missing.wav'] } };
      expect(profileTable(twoOnly, { baseDir: folder }).columns[0].inferredType).not.toBe('audio');
      const uris = { columns: ['call'], rowCount: 3, data: { call: ['UklGR', 'UklGRi', 'UklGRj'].map((x) => `data:audio/wav;base64,${x}`) } };
      expect(profileTable(uris).columns[0]).toMatchObject({ inferredType: 'audio' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('breast_cancer: the 30 measurements are numbers, the target a category', async () => {
    const columns = [...(await profileOf('breast_cancer.csv')).values()];
    expect(columns.filter((column) => column.inferredType === 'number')).toHaveLength(30);
    expect(columns.find((column) => column.name === 'target')!.inferredType).toBe('category');
  });

  it('cars: Year (1970-01-01 …) is a date, Origin a category, Name text', async () => {
    const columns = await profileOf('cars.csv');
    expect(columns.get('Year')!.inferredType).toBe('date');
    expect(columns.get('Origin')!.inferredType).toBe('category');
    expect(columns.get('Miles_per_Gallon')!.inferredType).toBe('number');
  });
});

describe('type inference rules on synthetic columns', () => {
  it('a constant column is a category', () => {
    expect(infer(repeat(50, () => 'same'))).toMatchObject({ type: 'category', reason: "Every value is 'same': a constant column carries no information." });
    expect(infer(repeat(5, () => null)).type).toBe('category');
  });

  it('two conventional booleans with none missing are binary, in any case', () => {
    expect(infer(repeat(40, (i) => (i % 2 ? 'Yes' : 'no'))).type).toBe('binary');
    expect(infer(repeat(40, (i) => (i % 2 ? '1' : '0'))).type).toBe('binary');
    expect(infer(repeat(40, (i) => (i % 2 ? 'ON' : 'off'))).type).toBe('binary');
    // A missing value or unconventional labels make it a category instead.
    expect(infer([...repeat(40, (i) => (i % 2 ? 'yes' : 'no')), null]).type).toBe('category');
    expect(infer(repeat(40, (i) => (i % 2 ? 'cat' : 'dog'))).type).toBe('category');
  });

  it("matches Ludwig's are_conventional_bools", () => {
    expect(areConventionalBools(['T', 'f'])).toBe(true);
    expect(areConventionalBools(['1.0', '0.0'])).toBe(true);
    expect(areConventionalBools(['true', 'maybe'])).toBe(false);
  });

  it('sequential integers with few distinct values are a category; other numbers are numbers', () => {
    expect(infer(repeat(100, (i) => String(i % 5)))).toMatchObject({
      type: 'category',
      reason: 'The 5 distinct values are the consecutive integers 0…4, which usually encode categories.',
    });
    expect(infer(repeat(100, (i) => String((i % 5) * 10))).type).toBe('number');
    expect(infer(repeat(100, (i) => String(i * 1.5))).type).toBe('number');
  });

  it('dates in several layouts are dates', () => {
    expect(infer(repeat(30, (i) => `2024-01-${String(i + 1).padStart(2, '0')}`)).type).toBe('date');
    expect(infer(repeat(30, (i) => `01/${String(i + 1).padStart(2, '0')}/2024`)).type).toBe('date');
    expect(infer(repeat(30, (i) => `2024-01-05 10:${String(i + 10)}:00`)).type).toBe('date');
  });

  it('same-length lists of numbers are vectors', () => {
    expect(infer(repeat(30, (i) => `${i} ${i * 0.5} -${i}`))).toMatchObject({ type: 'vector', reason: 'Every value is a list of 3 numbers separated by spaces.' });
    expect(infer(repeat(30, (i) => (i === 7 ? '1 2' : `${i} ${i} ${i}`))).type).not.toBe('vector');
  });

  it('lists of numbers of varying length and JSON arrays of numbers are time series; comma lists and number columns are not', () => {
    expect(infer(repeat(30, (i) => Array.from({ length: 2 + (i % 5) }, (_, k) => (i + k * 0.5).toFixed(1)).join(' ')))).toMatchObject({
      type: 'timeseries', reason: 'Every value is a list of numbers of varying length (2 to 6), read as a series.',
    });
    expect(infer(repeat(30, (i) => `[${i}, ${i + 1}, ${i * 2}]`))).toMatchObject({
      type: 'timeseries', reason: 'Every value is a list of 3 numbers written as a JSON array, read as a series.',
    });
    expect(infer(repeat(30, (i) => `${i},${100 + i}`)).type).not.toBe('timeseries');
    expect(infer(repeat(30, (i) => (i === 3 ? '1 two 3' : `${i} ${i + 1} ${i + 2} ${i}`))).type).not.toBe('timeseries');
    expect(infer(repeat(30, (i) => `${i} ${i * 0.5} -${i}`)).type).toBe('vector');
    expect(infer(repeat(100, (i) => String(i * 1.5))).type).toBe('number');
  });

  it('short token lists from a small vocabulary are sets; names and sentences stay text', () => {
    const tags = ['red', 'green', 'blue', 'small', 'large', 'new', 'used', 'cheap', 'rare', 'boxed'];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const setColumn = repeat(300, () => {
      const picked = new Set<string>();
      const size = 2 + (next() % 3);
      while (picked.size < size) picked.add(tags[next() % tags.length]);
      return [...picked].join(' ');
    });
    expect(infer(setColumn)).toMatchObject({ type: 'set' });
    const names = repeat(200, (i) => `Person${i} Family${i * 7}`);
    expect(infer(names).type).toBe('text');
    const sentences = repeat(200, (i) => `ticket ${i} says the app will not load on device ${i * 3}`);
    expect(infer(sentences).type).toBe('text');
  });

  it('mostly distinct short strings are text; repeated ones are a category', () => {
    expect(infer(repeat(100, (i) => `code-${i}`)).type).toBe('text');
    expect(infer(repeat(100, (i) => `code-${i % 10}`)).type).toBe('category');
  });

  it('a column the source stores as dates is a date', () => {
    const summary = summarizeColumn('when', 0, ['1', '2', '3'], { sourceType: 'date' });
    expect(inferColumnType(summary).type).toBe('date');
  });
});

describe('isIdLike', () => {
  const unique = repeat(20, (i) => String(1000 + i));
  it.each(['id', 'ID', 'user_id', 'customerId', 'id_number', 'IDENT'])('%s with unique values is id-like', (name) => {
    expect(isIdLike(summarizeColumn(name, 3, unique))).toBe(true);
  });

  it('needs every row unique and present', () => {
    expect(isIdLike(summarizeColumn('id', 0, [...unique, unique[0]]))).toBe(false);
    expect(isIdLike(summarizeColumn('id', 0, [...unique, null]))).toBe(false);
    expect(isIdLike(summarizeColumn('amount', 0, unique))).toBe(false);
  });

  it('counts a first column named index or left unnamed, but not a later one', () => {
    expect(isIdLike(summarizeColumn('index', 0, unique))).toBe(true);
    expect(isIdLike(summarizeColumn('Unnamed: 0', 0, unique))).toBe(true);
    expect(isIdLike(summarizeColumn('index', 2, unique))).toBe(false);
  });
});
