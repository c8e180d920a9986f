import { createReadStream, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { OvertureError, type ResolvedConfig } from '@overture/config';
import type { TrainingSetMetadata } from '../preprocessing/index.js';
import { SeededRandom } from '../util/random.js';
import type { NamedArrays } from './parameters.js';

/**
 * Where a config's `pretrained_embeddings` path is read: the CLI takes it as given (relative to the
 * working directory, as Ludwig); the platform only inside its DATA_DIR/pretrained folder. Returns
 * the file to open, or throws a config error that says why not.
 */
export type EmbeddingsPathResolver = (configured: string) => string;

/**
 * The platform's rule: a path inside `root` (DATA_DIR/pretrained, where an admin puts embeddings
 * files), as a relative name without `..`, and still inside it once links are followed. A member's
 * config names a file there; it cannot make the worker read any other file. The error names the
 * folder by its role, not the server's path.
 */
export function confinedEmbeddingsPath(root: string, label = 'DATA_DIR/pretrained'): EmbeddingsPathResolver {
  return (configured) => {
    const parts = configured.split(/[\\/]+/);
    if (path.isAbsolute(configured) || /^[a-zA-Z]:/.test(configured) || parts.includes('..') || configured.includes('\0')) {
      throw new OvertureError('invalid_config', `pretrained_embeddings '${configured}': on the platform this is the name of a file in ${label} (no absolute path, no '..')`);
    }
    const missing = () => new OvertureError('invalid_config', `pretrained_embeddings '${configured}' is not in ${label}: an admin places the GloVe-style file at ${label}/${configured}`);
    let base: string;
    let full: string;
    try {
      base = realpathSync(root);
      full = realpathSync(path.join(root, configured));
    } catch {
      throw missing();
    }
    if (!full.startsWith(base + path.sep)) throw missing();
    if (!statSync(full).isFile()) throw missing();
    return full;
  };
}

/** A line longer than this is not a word and its vectors (GloVe's 300-d lines are ~4 KB). */
const MAX_LINE_CHARS = 1 << 20;

export interface EmbeddingsFile {
  /** Numbers per vector (from the first vector line, as Ludwig). */
  width: number;
  /** The vector of each vocabulary entry found in the file, by vocabulary index. */
  vectors: (Float32Array | null)[];
  found: number;
  /** Lines skipped because they did not hold a word and `width` numbers (Ludwig warns and skips them too). */
  malformed: number;
}

/**
 * Reads a GloVe-style text file (`word v1 v2 … vN` per line; a word2vec text header `count N` is
 * skipped) line by line, keeping only the vectors of `vocab`'s words: a 6 GB file for a vocabulary
 * of 10,000 words holds 10,000 vectors in memory, never the file.
 */
export async function readEmbeddingsFile(file: string, vocab: readonly string[]): Promise<EmbeddingsFile> {
  const index = new Map<string, number>();
  vocab.forEach((word, i) => { if (!index.has(word)) index.set(word, i); });
  const vectors: (Float32Array | null)[] = vocab.map(() => null);
  let width = 0;
  let found = 0;
  let malformed = 0;
  let lineNumber = 0;
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new OvertureError('invalid_config', `pretrained_embeddings: cannot read '${file}' (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.length > MAX_LINE_CHARS) throw new OvertureError('invalid_config', `pretrained_embeddings: line ${lineNumber} of '${file}' is over ${MAX_LINE_CHARS} characters; this is not a GloVe or word2vec text file`);
      const parts = line.trim().split(/\s+/);
      if (parts.length === 1 && parts[0] === '') continue;
      if (width === 0) {
        // word2vec's text format starts with "<count> <width>"; GloVe's first line is already a vector.
        if (lineNumber === 1 && parts.length === 2 && /^\d+$/.test(parts[0]) && /^\d+$/.test(parts[1])) continue;
        width = parts.length - 1;
        if (width < 1) throw new OvertureError('invalid_config', `pretrained_embeddings: line ${lineNumber} of '${file}' holds no numbers after its word; expected 'word v1 v2 … vN' per line`);
      }
      if (parts.length !== width + 1) {
        malformed++;
        continue;
      }
      const at = index.get(parts[0]);
      if (at === undefined || vectors[at] !== null) continue;
      const vector = new Float32Array(width);
      let ok = true;
      for (let j = 0; j < width; j++) {
        const v = Number(parts[j + 1]);
        if (!Number.isFinite(v)) { ok = false; break; }
        vector[j] = v;
      }
      if (!ok) {
        malformed++;
        continue;
      }
      vectors[at] = vector;
      found++;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (width === 0) throw new OvertureError('invalid_config', `pretrained_embeddings: '${file}' holds no vectors`);
  return { width, vectors, found, malformed };
}

/**
 * The table [vocab, width]: a found word's vector; every other entry (padding, unknown and
 * words the file lacks) the mean of the found vectors plus uniform noise in ±0.01, as Ludwig.
 */
export function embeddingTableFrom(file: EmbeddingsFile, rng: SeededRandom): Float32Array {
  const { width, vectors } = file;
  const mean = new Float64Array(width);
  for (const v of vectors) if (v) for (let j = 0; j < width; j++) mean[j] += v[j];
  for (let j = 0; j < width; j++) mean[j] /= file.found;
  const table = new Float32Array(vectors.length * width);
  vectors.forEach((v, i) => {
    for (let j = 0; j < width; j++) table[i * width + j] = v ? v[j] : mean[j] + (rng.next() * 2 - 1) * 0.01;
  });
  return table;
}

type EncoderWithFile = { type: string; pretrained_embeddings?: string | null; representation?: string; embedding_size?: number };

/**
 * Reads the `pretrained_embeddings` file of every input that names one, after preprocessing (the
 * vocabulary is known then). Returns the starting values of those tables (parameter
 * `encoders.<feature>.embeddings`) and the config with each such encoder's `embedding_size` set to
 * its file's width (Ludwig does the same), which is the config the bundle keeps: a model loaded
 * later has the same shapes and takes its weights from the bundle, never from the file.
 */
export async function pretrainedEmbeddingWeights(
  config: ResolvedConfig,
  metadata: TrainingSetMetadata,
  options: { resolve?: EmbeddingsPathResolver; seed: number; log?: (message: string) => void },
): Promise<{ config: ResolvedConfig; weights: NamedArrays }> {
  const weights: NamedArrays = Object.create(null) as NamedArrays;
  let changed = false;
  const inputs = [];
  for (const feature of config.input_features) {
    const encoder = feature.encoder as EncoderWithFile;
    const configured = encoder.pretrained_embeddings;
    if (typeof configured !== 'string' || feature.tied) {
      inputs.push(feature);
      continue;
    }
    if (encoder.representation === 'sparse' || encoder.type === 'sparse') {
      // Ludwig builds a one-hot table for sparse and never reads the file: said, not silent.
      options.log?.(`input feature '${feature.name}': pretrained_embeddings has no effect with a sparse (one-hot) table, as in Ludwig; use representation dense to start from the file`);
      inputs.push(feature);
      continue;
    }
    if (!options.resolve) {
      throw new OvertureError('invalid_config', `input feature '${feature.name}': pretrained_embeddings cannot be read here (no folder of embeddings files is configured)`);
    }
    const meta = metadata[feature.name] as { idx2str?: string[] } | undefined;
    const vocab = meta?.idx2str;
    if (!vocab) throw new OvertureError('invalid_config', `input feature '${feature.name}': pretrained_embeddings needs a vocabulary, which a ${feature.type} input does not have`);
    const file = options.resolve(configured);
    const read = await readEmbeddingsFile(file, vocab);
    if (read.found === 0) {
      throw new OvertureError('invalid_config', `input feature '${feature.name}': none of its ${vocab.length} vocabulary entries is in '${configured}' (check the file, or the tokenizer and lowercase settings)`);
    }
    const rng = new SeededRandom((options.seed ^ 0x5bd1e995) >>> 0);
    weights[`encoders.${feature.name}.embeddings`] = { shape: [vocab.length, read.width], values: embeddingTableFrom(read, rng) };
    options.log?.(
      `input feature '${feature.name}': ${read.found} of ${vocab.length} vocabulary entries start from '${configured}' (${read.width} numbers each; the others from their mean)`
      + `${read.malformed > 0 ? `; ${read.malformed} malformed lines skipped` : ''}${encoder.embedding_size !== read.width ? `; embedding_size set to ${read.width}, the file's width` : ''}`,
    );
    if (encoder.embedding_size !== read.width) changed = true;
    inputs.push({ ...feature, encoder: { ...feature.encoder, embedding_size: read.width } } as typeof feature);
  }
  return { config: changed ? { ...config, input_features: inputs } : config, weights };
}
