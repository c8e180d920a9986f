import { saveDatasetProfile } from '@overture/db';
import { seedDataset, toyCsv } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

/**
 * Configs are validated on the web's event loop, so one request must not hold it: the path is linear
 * and capped (packages/config/src/limits.ts), and every refusal is a 400 or 413 in plain English.
 */
const head = 'input_features:\n  - {name: x1, type: number}\noutput_features:\n  - {name: label, type: binary}\n';
const unknownKeys = (count: number) => `${head}${Array.from({ length: count }, (_, i) => `k${i}: 1`).join('\n')}\n`;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

describe('config limits through the model endpoints', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let datasetId: string;
  let wideDatasetId: string;
  let modelId: string;
  beforeAll(async () => {
    t = await startTestApp('config_limits');
    member = await t.user('member');
    datasetId = (await seedDataset(t.database.db, t.dataDir, toyCsv(20))).id;
    // A profiled dataset of 20,000 columns: the column check and its did-you-mean run against all of them.
    const wide = await seedDataset(t.database.db, t.dataDir, `${toyCsv(20)}\n`, 'wide');
    const column = (name: string) => ({
      name, inferredType: 'number' as const, inferenceReason: 'test', rowCount: 20, missingCount: 0, missingRatio: 0, distinctCount: 20,
      topValues: [], numeric: null, histogram: null, averageWords: 1, idLike: false,
    });
    await saveDatasetProfile(t.database.db, wide.id, { rowCount: 20, sampledRows: 20, columns: Array.from({ length: 20_000 }, (_, i) => column(`column_${i}`)) });
    wideDatasetId = wide.id;
    modelId = (await expectJson(await t.call('POST', '/api/models', { as: member.key, body: { name: 'base', datasetId, config: head } }), 201)).id;
  });
  afterAll(async () => { await t.close(); });

  const create = (config: string, dataset = datasetId) => t.call('POST', '/api/models', { as: member.key, body: { name: 'limits', datasetId: dataset, config } });
  const addVersion = (config: string) => t.call('POST', `/api/models/${modelId}/versions`, { as: member.key, body: { config } });

  it('answers 30,000 unknown keys (~290 KB) with the first 100 problems and the total, in seconds (35 s before)', async () => {
    const text = unknownKeys(30_000);
    expect(text.length).toBeGreaterThan(280_000);
    for (const send of [create, addVersion]) {
      await expectJson(await send(unknownKeys(300)), 400); // loads the route and warms the parser up
      const { value: response, ms } = await timed(() => send(text));
      const body = await expectJson(response, 400);
      // About 0.5 s on an idle core; generous for a shared CI machine, and far from the quadratic's 35 s.
      expect(ms).toBeLessThan(4_000);
      expect(body.error).toMatchObject({ code: 'invalid_config', total: 30_000 });
      expect(body.error.message).toMatch(/^The config has 30,000 problems: .*; and 29,900 more$/);
      expect(body.errors).toHaveLength(100);
      expect(body.errors[0]).toEqual({ path: 'k0', message: "unknown key 'k0' in the config", line: 5, column: 1 });
    }
  });

  it('refuses a vocab_file (a file on the server) on a feature or under defaults, on both config endpoints', async () => {
    const text = (extra: string) => `input_features:\n  - {name: color, type: text, encoder: {type: tf_idf}${extra}}\noutput_features:\n  - {name: label, type: binary}\n`;
    const onFeature = text(', preprocessing: {vocab_file: /etc/passwd}');
    const viaDefaults = `${text('')}defaults:\n  text:\n    preprocessing: {vocab_file: ../../package.json}\n`;
    for (const send of [create, addVersion]) {
      for (const config of [onFeature, viaDefaults]) {
        const body = await expectJson(await send(config), 400);
        expect(body.errors).toEqual([expect.objectContaining({ path: 'input_features[0].preprocessing.vocab_file', message: expect.stringMatching(/^vocab_file reads a file on the server/) })]);
      }
    }
  });

  it('takes pretrained_embeddings as a file name in DATA_DIR/pretrained only: absolute paths and .. are refused, on a feature or under defaults', async () => {
    const text = (extra: string) => `input_features:\n  - {name: color, type: text, encoder: {type: embed${extra}}}\noutput_features:\n  - {name: label, type: binary}\n`;
    const refused = [
      text(', pretrained_embeddings: /etc/passwd'),
      text(', pretrained_embeddings: ../secret'),
      text(', pretrained_embeddings: glove/../../secret'),
      text(', pretrained_embeddings: "C:\\\\glove.txt"'),
      `${text('')}defaults:\n  text:\n    encoder: {type: embed, pretrained_embeddings: ../../package.json}\n`,
    ];
    for (const send of [create, addVersion]) {
      for (const config of refused) {
        const body = await expectJson(await send(config), 400);
        expect(body.errors).toEqual([expect.objectContaining({ path: 'input_features[0].encoder.pretrained_embeddings', message: expect.stringMatching(/^on the platform, pretrained_embeddings is the name of a file in DATA_DIR\/pretrained/) })]);
      }
      await expectJson(await send(text(', pretrained_embeddings: glove/glove.6B.50d.txt')), 201);
    }
  });

  it('checks 5,000 features against a 20,000-column dataset at once, listing the first 100 missing columns', async () => {
    const features = Array.from({ length: 5_000 }, (_, i) => `  - {name: colum_${i}, type: number}`).join('\n');
    const { value: response, ms } = await timed(() => create(`input_features:\n${features}\noutput_features:\n  - {name: column_1, type: number}\n`, wideDatasetId));
    const body = await expectJson(response, 400);
    expect(ms).toBeLessThan(4_000);
    expect(body.error.total).toBe(5_000);
    expect(body.errors).toHaveLength(100);
    expect(body.errors[0]).toEqual({ path: 'input_features[0].name', message: "the dataset has no column 'colum_0'", suggestion: "did you mean 'column_0'?", line: 2, column: 12 });
    expect(body.errors[24].suggestion).toBe("did you mean 'column_24'?");
    // Past 25 searches of 20,000 names the rest are listed without a suggestion (the search is the costly part).
    expect(body.errors[99]).toEqual({ path: 'input_features[99].name', message: "the dataset has no column 'colum_99'", line: 101, column: 12 });
  });

  it('auto-configures a model from a 20,000-column profile (its generated YAML is over the 512 KB cap for text people send)', async () => {
    const { value: response, ms } = await timed(() => t.call('POST', '/api/models', { as: member.key, body: { name: 'wide', datasetId: wideDatasetId, targets: ['column_1'] } }));
    const created = await expectJson(response, 201);
    expect(ms).toBeLessThan(15_000);
    expect(created.config.length).toBeGreaterThan(512 * 1024);
    const version = await expectJson(await t.call('GET', `/api/models/${created.id}/versions/${created.versionId}`, { as: member.key }), 200);
    expect(version.resolvedConfig.input_features).toHaveLength(19_999);
    // The same text sent by a person is refused with the limit named.
    const sent = await expectJson(await t.call('POST', `/api/models/${created.id}/versions`, { as: member.key, body: { config: created.config } }), 413);
    expect(sent.error.message).toMatch(/the limit is 524,288/);
  });

  const deep = 10_000;
  const nested: [string, string][] = [
    ['YAML flow lists', `${head}trainer: {x: ${'['.repeat(deep)}${']'.repeat(deep)}}\n`],
    ['YAML flow mappings', `${head}trainer: ${'{a: '.repeat(deep)}1${'}'.repeat(deep)}\n`],
    ['YAML block lists', `${head}trainer:\n  x:\n    ${'- '.repeat(deep)}1\n`],
    ['JSON objects', `{"input_features": [{"name": "x1", "type": "number"}], "output_features": [{"name": "label", "type": "binary"}], "trainer": ${'{"a": '.repeat(deep)}1${'}'.repeat(deep)}}`],
  ];
  for (const [name, text] of nested) {
    it(`answers 400 to ${deep.toLocaleString('en-US')} levels of ${name}, not a stack overflow`, async () => {
      const body = await expectJson(await create(text), 400);
      expect(body.error.code).toBe('invalid_config');
      expect(body.errors).toEqual([expect.objectContaining({ message: 'the config is nested more than 32 levels deep' })]);
    });
  }

  const laughs = `${head}${['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`)].join('\n')}\n`;
  const merges = `%YAML 1.1\n---\n${head}m0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10}\n${Array.from({ length: 11 }, (_, i) => `m${i + 1}: &m${i + 1} {<<: [${Array(10).fill(`*m${i}`).join(', ')}], x: *m${i}}`).join('\n')}\n`;
  const wide = `${head}w: &w [${Array.from({ length: 5_000 }, (_, i) => i).join(', ')}]\nuses: [${Array(100).fill('*w').join(', ')}]\n`;
  for (const [name, text] of [['aliases of aliases', laughs], ['merge keys of merge keys', merges], ['a wide anchor aliased 100 times', wide]]) {
    it(`answers 400 at once to a billion-laughs config (${name}), not a 500`, async () => {
      const { value: response, ms } = await timed(() => create(text));
      const body = await expectJson(response, 400);
      expect(ms).toBeLessThan(2_000);
      expect(body.error.code).toBe('invalid_config');
      expect(body.errors[0].message).toMatch(/expands YAML aliases \(\*name\) or merge keys \(<<\) more than 100 times|more than 100,000 keys and list items/);
    });
  }

  it('answers 400 to a JSON config with a list of 30,000 items', async () => {
    const text = JSON.stringify({ input_features: [{ name: 'x1', type: 'number' }], output_features: [{ name: 'label', type: 'binary' }], preprocessing: { split: { probabilities: Array(30_000).fill(0.1) } } });
    const body = await expectJson(await create(text), 400);
    expect(body.errors).toEqual([expect.objectContaining({ path: 'preprocessing.split.probabilities', message: 'a list of 30000 items; the limit is 25000' })]);
  });

  it('answers 413 naming the limit to a config over 512 KB, and to a body over the body limit', async () => {
    const big = await expectJson(await create(`${head}# ${'x'.repeat(600_000)}\n`), 413);
    expect(big.error.code).toBe('too_large');
    expect(big.error.message).toMatch(/the limit is 524,288/);
    const huge = await expectJson(await addVersion(`${head}# ${'x'.repeat(1_200_000)}\n`), 413);
    expect(huge.error.message).toMatch(/larger than 1\.1 MB/);
  });
});
