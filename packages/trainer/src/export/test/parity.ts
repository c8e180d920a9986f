/**
 * Parity harness for the ONNX exporter: build a model from a config on a synthetic table with
 * every feature type, give every parameter random values (so biases, norms and running
 * statistics are not their trivial initial values), then compare the tfjs outputs with
 * onnxruntime-node's on the same preprocessed rows.
 */
import * as ort from 'onnxruntime-node';
import { resolveConfig } from '@overture/config';
import type { RawTable } from '../../data/index.js';
import sharp from 'sharp';
import { decodeMediaInputs, encodeWav, gatherModelInputs, modelInputLayout, preprocessForTraining } from '../../preprocessing/index.js';
import { EcdModel } from '../../model/ecd.js';
import { predictRows } from '../../evaluation/predict.js';
import { SeededRandom } from '../../util/random.js';
import { exportModelToOnnx } from '../export-model.js';

const categories = ['a', 'b', 'c', 'd', 'e', 'f'];
const colours = ['red', 'green', 'blue', 'black', 'white'];

/** The classes of the `y_dist` column, in the order of its probabilities. */
export const distributionClasses = ['calm', 'breezy', 'windy'];

/** `rows` rows with one column per feature type, inputs (`num`, `bin`, …) and targets (`y_*`). */
export function parityTable(rows: number, seed = 1): RawTable {
  const rng = new SeededRandom(seed);
  const pick = <T>(xs: T[]) => xs[rng.nextInt(xs.length)];
  const columns: Record<string, (i: number) => string | null> = {
    num: () => (rng.next() < 0.05 ? null : (rng.nextGaussian() * 10 + 50).toFixed(3)),
    num2: () => (rng.nextGaussian() * 3).toFixed(3),
    bin: () => pick(['yes', 'no']),
    cat: () => pick(categories),
    cat2: () => pick(categories.slice(0, 3)),
    set: () => colours.filter(() => rng.next() < 0.4).join(' ') || null,
    bag: () => Array.from({ length: 1 + rng.nextInt(4) }, () => pick(colours)).join(' '),
    date: (i) => new Date(Date.UTC(1995 + rng.nextInt(30), rng.nextInt(12), 1 + rng.nextInt(28), rng.nextInt(24), rng.nextInt(60), rng.nextInt(60)) + i).toISOString().slice(0, 19),
    vec: () => Array.from({ length: 4 }, () => rng.nextGaussian().toFixed(3)).join(' '),
    txt: () => (rng.next() < 0.05 ? null : Array.from({ length: 1 + rng.nextInt(8) }, () => pick([...colours, ...categories, 'the', 'a', '!', ','])).join(' ')),
    y_num: () => (rng.nextGaussian() * 100 + 1000).toFixed(2),
    y_bin: () => pick(['true', 'false']),
    y_cat: () => pick(['low', 'medium', 'high', 'urgent']),
    y_set: () => colours.filter(() => rng.next() < 0.5).join(' ') || 'red',
    y_vec: () => Array.from({ length: 3 }, () => rng.next().toFixed(3)).join(' '),
    // Last, so the draws of the columns above stay as they were.
    seq: () => (rng.next() < 0.05 ? null : Array.from({ length: 1 + rng.nextInt(10) }, () => pick(['A', 'C', 'G', 'T', 'N'])).join(' ')),
    // Ragged series (padded to the longest), as space-separated numbers and JSON arrays.
    ts: (i) => {
      const steps = Array.from({ length: 3 + rng.nextInt(7) }, () => (rng.nextGaussian() * 2 + 1).toFixed(3));
      return i % 2 === 0 ? steps.join(' ') : `[${steps.join(', ')}]`;
    },
    y_ts: () => Array.from({ length: 3 }, () => (rng.nextGaussian() + 5).toFixed(3)).join(' '),
    // A distribution over distributionClasses (category_distribution targets), last for the same reason.
    y_dist: () => {
      const raw = distributionClasses.map(() => rng.next() + 0.01);
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((x) => (x / sum).toFixed(6)).join(' ');
    },
    // Anomaly labels: normal, anomaly, unlabeled (-1 or empty), last for the same reason.
    y_anom: () => pick(['0', '0', '1', '-1', '']),
  };
  const data: RawTable['data'] = {};
  // Tags aligned token by token with `seq` (weak/strong bases) and `txt` (word/punctuation), for tagger outputs.
  const tagsOf = (column: string, tag: (token: string) => string) => (i: number) => {
    const cell = data[column][i];
    return cell === null ? null : cell.split(' ').map(tag).join(' ');
  };
  columns.y_tags = tagsOf('seq', (base) => (base === 'A' || base === 'T' ? 'W' : base === 'N' ? 'N' : 'S'));
  columns.y_ttags = tagsOf('txt', (token) => (token === '!' || token === ',' ? 'P' : 'W'));
  for (const [name, make] of Object.entries(columns)) data[name] = Array.from({ length: rows }, (_, i) => make(i));
  return { columns: Object.keys(columns), rowCount: rows, data };
}

export interface ParityResult {
  /** Largest |tfjs − ORT| / max(1, |tfjs|) per output feature: absolute for probabilities, relative for large values. */
  maxDifference: Record<string, number>;
  /** The exported model's size in bytes. */
  bytes: number;
  inputNames: readonly string[];
  /** The tfjs outputs compared, per output feature. */
  outputs: Record<string, Float32Array>;
}

/** Random values for every parameter; variances stay positive so batch norm stays defined. */
function perturb(model: EcdModel, seed: number, scale = 0.3): void {
  const rng = new SeededRandom(seed);
  const weights = model.params.snapshot();
  for (const [name, w] of Object.entries(weights)) {
    const values = new Float32Array(w.values.length);
    for (let i = 0; i < values.length; i++) {
      values[i] = name.endsWith('running_var') ? 0.5 + rng.next() : w.values[i] + rng.nextGaussian() * scale;
    }
    weights[name] = { shape: w.shape, values };
  }
  model.params.restore(weights);
}

/** `rows` random RGB PNGs of `height` × `width` as data URIs (the cells of an image column). */
export async function parityImages(rows: number, height: number, width: number, seed = 5): Promise<string[]> {
  const rng = new SeededRandom(seed);
  return Promise.all(Array.from({ length: rows }, async () => {
    const pixels = Buffer.from(Array.from({ length: height * width * 3 }, () => rng.nextInt(256)));
    const png = await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
    return `data:image/png;base64,${png.toString('base64')}`;
  }));
}

/** `rows` WAV recordings at 8 kHz of 0.1–0.35 s (noisy tones; some shorter, some longer than a 0.25 s limit) as data URIs. */
export function parityAudio(rows: number, seed = 6): string[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: rows }, () => {
    const samples = new Float32Array(800 + rng.nextInt(2000));
    const pitch = 200 + rng.nextInt(1500);
    for (let t = 0; t < samples.length; t++) samples[t] = 0.5 * Math.sin((2 * Math.PI * pitch * t) / 8000) + 0.1 * rng.nextGaussian();
    return `data:audio/wav;base64,${encodeWav([samples], 8000).toString('base64')}`;
  });
}

export interface ParityOptions {
  rows?: number;
  seed?: number;
  /** Calibration temperatures to set on outputs before comparing (calibrated probabilities). */
  temperatures?: Record<string, number>;
  /**
   * Standard deviation of the noise added to every parameter (0.3). Wide deep stacks take less:
   * 0.3 on 768-wide layers gives pre-activations of standard deviation ≈ 8 in each of 12 blocks,
   * and the two runtimes' float32 summation orders then differ by more than the tolerance.
   */
  perturbation?: number;
}

export async function checkParity(rawConfig: unknown, options: ParityOptions = {}): Promise<ParityResult> {
  const { config } = resolveConfig(rawConfig);
  const table = parityTable(options.rows ?? 48, options.seed ?? 1);
  if (config.input_features.some((f) => f.type === 'image')) {
    table.data.img = await parityImages(table.rowCount, 12, 10);
    table.columns.push('img');
  }
  if (config.input_features.some((f) => f.type === 'audio')) {
    table.data.aud = parityAudio(table.rowCount);
    table.columns.push('aud');
  }
  const images = await decodeMediaInputs(table, config, { root: null });
  const { dataset, metadata } = preprocessForTraining(table, config, { seed: 7, images });
  const model = new EcdModel(config, metadata, options.seed ?? 3);
  try {
    perturb(model, (options.seed ?? 1) + 100, options.perturbation);
    for (const [name, t] of Object.entries(options.temperatures ?? {})) model.setTemperature(name, t);
    const rows = Int32Array.from({ length: dataset.rowCount }, (_, i) => i);
    const expected = predictRows(model, dataset, rows, 16).outputs;
    const bytes = exportModelToOnnx(model);
    const session = await ort.InferenceSession.create(bytes);
    try {
      const feeds: Record<string, ort.Tensor> = {};
      for (const input of gatherModelInputs(dataset, modelInputLayout(config, metadata))) {
        feeds[input.name] = new ort.Tensor(input.dtype, input.values, [dataset.rowCount, input.width]);
      }
      const actual = await session.run(feeds);
      const maxDifference: Record<string, number> = {};
      for (const [name, { values }] of Object.entries(expected)) {
        const got = actual[name].data as Float32Array;
        if (got.length !== values.length) throw new Error(`output '${name}' has ${got.length} values in ONNX, ${values.length} in tfjs`);
        let worst = 0;
        for (let i = 0; i < values.length; i++) worst = Math.max(worst, Number.isFinite(got[i]) ? Math.abs(got[i] - values[i]) / Math.max(1, Math.abs(values[i])) : Infinity);
        maxDifference[name] = worst;
      }
      const outputs = Object.fromEntries(Object.entries(expected).map(([name, { values }]) => [name, values]));
      return { maxDifference, bytes: bytes.length, inputNames: session.inputNames, outputs };
    } finally {
      await session.release();
    }
  } finally {
    model.dispose();
  }
}
