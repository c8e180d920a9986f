import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { normal, seededRandom } from '../lib/random.js';

/** Streams `rows` CSV lines produced by `line(i)` after the header, in chunks. */
async function writeLines(file: string, header: string, rows: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  await write(`${header}\n`);
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(line(i));
    if (chunk.length === 5000) {
      await write(`${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(`${chunk.join('\n')}\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/**
 * x0..x63 standard normal, y = 1 when a fixed random projection is positive; split all 0 so
 * every row trains (what train_throughput.py reads: rows with split == 0).
 */
export async function generateMlpCsv(file: string, rows: number, seed = 7): Promise<void> {
  const random = seededRandom(seed);
  const weights = Array.from({ length: 64 }, () => normal(random));
  const header = [...weights.map((_, i) => `x${i}`), 'y', 'split'].join(',');
  await writeLines(file, header, rows, () => {
    const x = weights.map(() => normal(random));
    const score = x.reduce((sum, v, i) => sum + v * (weights[i] as number), 0);
    return [...x.map((v) => v.toFixed(5)), score > 0 ? 1 : 0, 0].join(',');
  });
}

const mixedCategories = [
  { name: 'region', vocab: 5 },
  { name: 'plan', vocab: 12 },
  { name: 'device', vocab: 25 },
  { name: 'city', vocab: 50 },
] as const;
const segments = ['bronze', 'silver', 'gold', 'platinum'];

/**
 * A mixed table: 6 numbers, 4 categories (vocab 5–50), 1 binary, 1 date and a 4-class `segment`
 * target that depends on all of them (so the model has something to learn); split all 0.
 */
export async function generateMixedCsv(file: string, rows: number, seed = 11): Promise<void> {
  const random = seededRandom(seed);
  const effects = mixedCategories.map((c) => Array.from({ length: c.vocab }, () => normal(random)));
  const header = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', ...mixedCategories.map((c) => c.name), 'active', 'signup_date', 'segment', 'split'].join(',');
  const start = Date.UTC(2019, 0, 1);
  await writeLines(file, header, rows, () => {
    const numbers = Array.from({ length: 6 }, (_, k) => normal(random) * (k + 1) * 10 + k * 100);
    const codes = mixedCategories.map((c) => Math.floor(random() * c.vocab));
    const active = random() < 0.4;
    const date = new Date(start + Math.floor(random() * 5 * 365) * 86_400_000);
    let score = (numbers[0] as number) / 10 - (numbers[3] as number - 300) / 40 + (active ? 1 : -0.5) + date.getUTCMonth() / 6;
    codes.forEach((code, k) => (score += (effects[k] as number[])[code] as number));
    score += normal(random) * 0.5;
    const segment = segments[Math.max(0, Math.min(3, Math.floor(score / 2 + 2)))] as string;
    return [
      ...numbers.map((v) => v.toFixed(3)),
      ...codes.map((code, k) => `${mixedCategories[k]?.name}_${code}`),
      active ? 'true' : 'false',
      date.toISOString().slice(0, 10),
      segment,
      0,
    ].join(',');
  });
}

const textClasses = ['billing', 'outage', 'account', 'feedback'];

/**
 * Short texts for the textcnn case: 20–80 words from a 5,000-word vocabulary, each text with a
 * few of its class's 20 keywords among them (so the model has something to learn); split all 0.
 */
export async function generateTextCsv(file: string, rows: number, seed = 13): Promise<void> {
  const random = seededRandom(seed);
  const word = () => `w${Math.floor(random() * 5000)}`;
  await writeLines(file, 'text,label,split', rows, () => {
    const k = Math.floor(random() * textClasses.length);
    const words = Array.from({ length: 20 + Math.floor(random() * 61) }, word);
    for (let j = 0; j < 3; j++) words[Math.floor(random() * words.length)] = `${textClasses[k]}${Math.floor(random() * 20)}`;
    return `"${words.join(' ')}",${textClasses[k]},0`;
  });
}

const shapeClasses = ['bar', 'column', 'square', 'blank'];

/**
 * `rows` 32×32 grayscale PNGs in `dir` (noise plus a bright horizontal bar, vertical bar, square
 * or nothing: the class) and `dir/images.csv` with image (file name, relative to the CSV, as
 * train_throughput.py's imagecnn reads it), label and split 0.
 */
export async function generateImageFolder(dir: string, rows: number, seed = 17): Promise<string> {
  const random = seededRandom(seed);
  const side = 32;
  const labels: string[] = [];
  for (let i = 0; i < rows; i++) {
    const k = Math.floor(random() * shapeClasses.length);
    const pixels = Buffer.alloc(side * side);
    for (let p = 0; p < pixels.length; p++) pixels[p] = Math.floor(random() * 96);
    const at = 4 + Math.floor(random() * 20);
    for (let a = 0; a < side; a++) {
      for (let b = 0; b < side; b++) {
        const on = k === 0 ? a >= at && a < at + 4 : k === 1 ? b >= at && b < at + 4 : k === 2 ? a >= at && a < at + 8 && b >= at && b < at + 8 : false;
        if (on) pixels[a * side + b] = 200 + Math.floor(random() * 56);
      }
    }
    await writeFile(join(dir, `${i}.png`), await sharp(pixels, { raw: { width: side, height: side, channels: 1 } }).png().toBuffer());
    labels.push(shapeClasses[k] as string);
  }
  const csv = join(dir, 'images.csv');
  await writeLines(csv, 'image,label,split', rows, (i) => `${i}.png,${labels[i]},0`);
  return csv;
}

const seriesClasses = ['flat', 'sine', 'ramp', 'spike'];

/**
 * Time series of `length` steps (space-separated numbers, Ludwig's timeseries cell): noise plus
 * nothing, a sine, a ramp or a few spikes (the class); split 0.
 */
export async function generateSeriesCsv(file: string, rows: number, length: number, seed = 19): Promise<void> {
  const random = seededRandom(seed);
  await writeLines(file, 'series,label,split', rows, () => {
    const k = Math.floor(random() * seriesClasses.length);
    const period = 8 + random() * 24;
    const values = Array.from({ length }, (_, t) => {
      const base = k === 1 ? Math.sin((2 * Math.PI * t) / period) : k === 2 ? t / length : k === 3 && random() < 0.05 ? 3 : 0;
      return (base + normal(random) * 0.3).toFixed(3);
    });
    return `${values.join(' ')},${seriesClasses[k]},0`;
  });
}
