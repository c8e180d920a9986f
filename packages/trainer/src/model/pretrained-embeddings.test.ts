import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OvertureError } from '@overture/config';
import { initBackend } from '../backend/init-backend.js';
import { trainOnTable } from '../api/experiment.js';
import { predictTable } from '../api/bundle-predict.js';
import { loadBundle } from '../bundle/load-bundle.js';
import type { RawTable } from '../data/index.js';
import { resolved } from '../test-support/training-step.js';
import { SeededRandom } from '../util/random.js';
import { confinedEmbeddingsPath, embeddingTableFrom, pretrainedEmbeddingWeights, readEmbeddingsFile } from './pretrained-embeddings.js';

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'overture-pretrained-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const full = path.join(dir, name);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
  return full;
}

describe('readEmbeddingsFile', () => {
  it('keeps the vectors of the vocabulary only, from GloVe lines', async () => {
    const read = await readEmbeddingsFile(await file('glove.txt', 'the 0.1 0.2 0.3\ncat -1 2.5 3e-2\nunused 9 9 9\n'), ['<PAD>', 'cat', 'the', 'dog']);
    expect({ width: read.width, found: read.found, malformed: read.malformed }).toEqual({ width: 3, found: 2, malformed: 0 });
    expect(read.vectors[0]).toBeNull();
    expect(Array.from(read.vectors[1]!)).toEqual([-1, 2.5, Math.fround(0.03)]);
    expect(Array.from(read.vectors[2]!)).toEqual([Math.fround(0.1), Math.fround(0.2), Math.fround(0.3)]);
    expect(read.vectors[3]).toBeNull();
  });

  it("skips word2vec's header line, blank lines, and malformed lines (counted), keeping a word's first vector", async () => {
    const read = await readEmbeddingsFile(await file('w2v.txt', '3 2\ncat 1 2\n\ncat 5 5\ndog 1\nfox 1 x\nbird 0.5 -0.5\r\n'), ['cat', 'dog', 'fox', 'bird']);
    expect({ width: read.width, found: read.found, malformed: read.malformed }).toEqual({ width: 2, found: 2, malformed: 2 });
    expect(Array.from(read.vectors[0]!)).toEqual([1, 2]);
    expect(Array.from(read.vectors[3]!)).toEqual([0.5, -0.5]);
  });

  it('says what is wrong with a missing, empty or vector-less file', async () => {
    await expect(readEmbeddingsFile(path.join(dir, 'nope.txt'), ['a'])).rejects.toThrow(/cannot read .*nope\.txt.*ENOENT/);
    await expect(readEmbeddingsFile(await file('empty.txt', '\n\n'), ['a'])).rejects.toThrow(/holds no vectors/);
    await expect(readEmbeddingsFile(await file('words.txt', 'cat\ndog\n'), ['cat'])).rejects.toThrow(/holds no numbers after its word/);
  });
});

describe('embeddingTableFrom', () => {
  it('fills entries the file lacks with the mean of the found vectors, within ±0.01', () => {
    const table = embeddingTableFrom({ width: 2, vectors: [null, Float32Array.of(1, 3), Float32Array.of(3, 5), null], found: 2, malformed: 0 }, new SeededRandom(1));
    expect(Array.from(table.slice(2, 6))).toEqual([1, 3, 3, 5]);
    for (const [i, mean] of [[0, 2], [1, 4], [6, 2], [7, 4]]) expect(Math.abs(table[i] - mean)).toBeLessThanOrEqual(0.01);
    expect(table[0]).not.toBe(table[6]);
  });
});

describe('confinedEmbeddingsPath (the platform: DATA_DIR/pretrained only)', () => {
  it('reads names inside the folder, and refuses absolute paths, .. and links out of it', async () => {
    const root = path.join(dir, 'pretrained');
    await file('pretrained/glove.txt', 'a 1\n');
    await file('pretrained/sub/more.txt', 'a 1\n');
    await file('secret.txt', 'a 1\n');
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'link.txt'));
    const resolve = confinedEmbeddingsPath(root);
    expect(resolve('glove.txt')).toBe(path.join(root, 'glove.txt'));
    expect(resolve('sub/more.txt')).toBe(path.join(root, 'sub', 'more.txt'));
    for (const bad of [path.join(dir, 'secret.txt'), '../secret.txt', 'sub/../../secret.txt', 'sub\\..\\..\\secret.txt', 'C:/x.txt']) {
      expect(() => resolve(bad)).toThrow(/a file in DATA_DIR\/pretrained \(no absolute path, no '\.\.'\)/);
    }
    for (const missing of ['link.txt', 'absent.txt', 'sub']) {
      expect(() => resolve(missing)).toThrow(new RegExp(`'${missing}' is not in DATA_DIR/pretrained: an admin places`));
    }
  });
});

/** Texts of filler words; the label is whether "alarm" appears. */
function keywordTable(rows: number, seed: number): RawTable {
  const rng = new SeededRandom(seed);
  const filler = ['the', 'door', 'was', 'open', 'and', 'a', 'cat', 'sat', 'near', 'window'];
  const text: string[] = [];
  const label: string[] = [];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 3 + rng.nextInt(5) }, () => filler[rng.nextInt(filler.length)]);
    if (i % 2 === 0) words.splice(rng.nextInt(words.length + 1), 0, 'alarm');
    text.push(words.join(' '));
    label.push(i % 2 === 0 ? 'yes' : 'no');
  }
  return { columns: ['text', 'label'], rowCount: rows, data: { text, label } };
}

/** A 4-wide "pretrained" file: "alarm" stands apart on the first axis, the filler words share the rest. */
const gloveText = ['alarm 3 0 0 0', 'the 0 1 0 0', 'door 0 0 1 0', 'was 0 0 0 1', 'open 0 1 1 0', 'cat 0 1 0 1', 'sat 0 0 1 1', 'near 0 1 1 1', 'window 0 0.5 0.5 0', 'and 0 1 0 0.5', 'a 0 0.5 1 0'].join('\n') + '\n';

const textConfig = (trainable: boolean, extra: Record<string, unknown> = {}) => resolved({
  input_features: [{ name: 'text', type: 'text', encoder: { type: 'embed', reduce_output: 'sum', pretrained_embeddings: 'glove.txt', embeddings_trainable: trainable, ...extra } }],
  output_features: [{ name: 'label', type: 'binary' }],
  // Loss picks the kept weights: a frozen table ranks the rows perfectly from the first step, so roc_auc (the default) would keep step 1's.
  trainer: { epochs: 20, batch_size: 32, learning_rate: 0.05, early_stop: -1, validation_metric: 'loss' },
});

describe('training from pretrained embeddings', () => {
  it('starts the table from the file, keeps it frozen, records its width, and predicts the same from the bundle without the file', async () => {
    const root = path.join(dir, 'train-frozen');
    await file('train-frozen/glove.txt', gloveText);
    const logs: string[] = [];
    const table = keywordTable(240, 3);
    const result = await trainOnTable({
      table, config: textConfig(false), seed: 7, outputDirectory: path.join(root, 'out'), featureImportance: false,
      embeddingsPath: confinedEmbeddingsPath(root), log: (m) => logs.push(m),
    });
    const encoder = result.outcome.config.input_features[0].encoder as { embedding_size: number };
    expect(encoder.embedding_size).toBe(4);
    const vocab = (result.metadata.text as { idx2str: string[] }).idx2str;
    const values = result.outcome.model.params.get('encoders.text.embeddings').dataSync();
    const row = (word: string) => Array.from(values.slice(vocab.indexOf(word) * 4, vocab.indexOf(word) * 4 + 4));
    expect(row('alarm')).toEqual([3, 0, 0, 0]);
    expect(row('window')).toEqual([0, 0.5, 0.5, 0]);
    expect(logs.find((m) => m.includes('pretrained') || m.includes('start from'))).toMatch(/11 of \d+ vocabulary entries start from 'glove\.txt' \(4 numbers each.*embedding_size set to 4/);
    expect((result.testStatistics as { label: { accuracy: number } }).label.accuracy).toBeGreaterThanOrEqual(0.9);

    await rm(path.join(root, 'glove.txt'));
    const bundle = await loadBundle(result.modelDirectory!);
    const sample: RawTable = { columns: ['text'], rowCount: 2, data: { text: ['the alarm was open', 'the cat sat near'] } };
    const again = predictTable(bundle, sample);
    expect(again.records.map((r) => r.label_predictions)).toEqual(['yes', 'no']);
    bundle.model.dispose();
    result.outcome.model.dispose();
  }, 30_000);

  it('lets a trainable table move away from the file', async () => {
    const root = path.join(dir, 'train-trainable');
    await file('train-trainable/glove.txt', gloveText);
    const result = await trainOnTable({ table: keywordTable(240, 3), config: textConfig(true), seed: 7, featureImportance: false, embeddingsPath: confinedEmbeddingsPath(root) });
    const vocab = (result.metadata.text as { idx2str: string[] }).idx2str;
    const values = result.outcome.model.params.get('encoders.text.embeddings').dataSync();
    const at = vocab.indexOf('alarm') * 4;
    expect(Array.from(values.slice(at, at + 4))).not.toEqual([3, 0, 0, 0]);
    result.outcome.model.dispose();
  }, 30_000);

  it('starts a category dense table too, and says a sparse one does not read the file', async () => {
    const root = path.join(dir, 'category');
    await file('category/cities.txt', 'paris 1 0\nrome 0 1\n');
    const config = resolved({
      input_features: [
        { name: 'city', type: 'category', encoder: { type: 'dense', pretrained_embeddings: 'cities.txt', embeddings_trainable: false } },
        { name: 'town', type: 'category', encoder: { type: 'sparse', pretrained_embeddings: 'cities.txt' } },
      ],
      output_features: [{ name: 'label', type: 'binary' }],
    });
    const metadata = { city: { idx2str: ['<UNK>', 'paris', 'rome', 'oslo'] }, town: { idx2str: ['<UNK>', 'paris'] } } as never;
    const logs: string[] = [];
    const { config: out, weights } = await pretrainedEmbeddingWeights(config, metadata, { resolve: confinedEmbeddingsPath(root), seed: 1, log: (m) => logs.push(m) });
    expect(Object.keys(weights)).toEqual(['encoders.city.embeddings']);
    expect(weights['encoders.city.embeddings'].shape).toEqual([4, 2]);
    expect(Array.from(weights['encoders.city.embeddings'].values.slice(2, 6))).toEqual([1, 0, 0, 1]);
    expect((out.input_features[0].encoder as { embedding_size: number }).embedding_size).toBe(2);
    expect(logs).toContainEqual(expect.stringMatching(/'town': pretrained_embeddings has no effect with a sparse \(one-hot\) table/));
  });

  it('refuses a file none of the vocabulary is in, and a caller with no embeddings folder', async () => {
    const root = path.join(dir, 'refusals');
    await file('refusals/glove.txt', 'zebra 1 2\n');
    const config = textConfig(false);
    const metadata = { text: { idx2str: ['<PAD>', 'cat'] } } as never;
    await expect(pretrainedEmbeddingWeights(config, metadata, { resolve: confinedEmbeddingsPath(root), seed: 1 })).rejects.toThrow(/none of its 2 vocabulary entries is in 'glove\.txt'/);
    const refused = await pretrainedEmbeddingWeights(config, metadata, { seed: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OvertureError);
    expect((refused as Error).message).toMatch(/pretrained_embeddings cannot be read here/);
  });
});
