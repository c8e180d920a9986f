import { saveDatasetProfile, type Database } from '@overture/db';
import { trainableInputTypes, trainableOutputTypes } from '@overture/config';
import { seedDataset, toyCsv } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectJson, startTestApp, type TestApp } from './harness';

async function profiledToyDataset(db: Database, dataDir: string) {
  const dataset = await seedDataset(db, dataDir, toyCsv(50));
  const column = (name: string, inferredType: 'number' | 'category' | 'binary', distinctCount: number) => ({
    name, inferredType, inferenceReason: 'test', rowCount: 50, missingCount: 0, missingRatio: 0, distinctCount,
    topValues: [{ value: 'a', count: 1 }], numeric: null, histogram: null, averageWords: 1, idLike: false,
  });
  await saveDatasetProfile(db, dataset.id, { rowCount: 50, sampledRows: 50, columns: [column('x1', 'number', 50), column('x2', 'number', 50), column('color', 'category', 3), column('label', 'binary', 2)] });
  return dataset;
}

const config = (extra = '') => `input_features:
  - {name: x1, type: number}
  - {name: color, type: category}
output_features:
  - {name: label, type: binary}
trainer:
  epochs: 2${extra}
`;

describe('models: auto-config, versions, lineage, diff, fork, ownership', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<TestApp['user']>>;
  let other: Awaited<ReturnType<TestApp['user']>>;
  let datasetId: string;
  beforeAll(async () => {
    t = await startTestApp('models');
    owner = await t.user('member');
    other = await t.user('member');
    datasetId = (await profiledToyDataset(t.database.db, t.dataDir)).id;
  });
  afterAll(async () => { await t.close(); });

  it('auto-configures from the stored profile and the chosen target', async () => {
    const created = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'toy', datasetId, targets: ['label'] } }), 201);
    // autoConfig's own choices (combiner, trainer) belong to packages/config; here: the features from the profile.
    const written = parse(created.config) as { input_features: { name: string; type: string }[]; output_features: { name: string; type: string }[] };
    expect(written.input_features.map((f) => `${f.name}:${f.type}`)).toEqual(['x1:number', 'x2:number', 'color:category']);
    expect(written.output_features).toEqual([{ name: 'label', type: 'binary' }]);
    expect(created.excludedColumns).toEqual([]);
    const version = await expectJson(await t.call('GET', `/api/models/${created.id}/versions/${created.versionId}`, { as: other.key }), 200);
    expect(version.config).toBe(created.config);
    expect(version.resolvedConfig).toMatchObject({ output_features: [{ name: 'label', type: 'binary', column: 'label' }], trainer: { learning_rate: 'auto' } });
    const missing = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'toy', datasetId, targets: ['lable'] } }), 400);
    expect(missing.errors).toEqual([{ path: 'lable', message: "no column named 'lable'", suggestion: "did you mean 'label'?" }]);
  });

  it('previews auto-config (config and left-out columns) without creating a model', async () => {
    const before = await expectJson(await t.call('GET', `/api/models?datasetId=${datasetId}`, { as: owner.key }), 200);
    const preview = await expectJson(await t.call('GET', `/api/datasets/${datasetId}/auto-config?targets=label`, { as: other.key }), 200);
    expect((parse(preview.config) as { output_features: unknown[] }).output_features).toEqual([{ name: 'label', type: 'binary' }]);
    expect(preview.excludedColumns).toEqual([]);
    const after = await expectJson(await t.call('GET', `/api/models?datasetId=${datasetId}`, { as: owner.key }), 200);
    expect(after.models).toHaveLength(before.models.length);
  });

  it('on tiny data: every column a target candidate with its problem, excluded columns with their type, split sizes and warnings', async () => {
    const tiny = await seedDataset(t.database.db, t.dataDir, 'x,note,photo,answer\n1,a,p1,yes\n2,b,p2,no\n3,c,p3,maybe\n4,d,p4,yes\n5,e,p5,no\n', 'tiny');
    const column = (name: string, inferredType: 'number' | 'text' | 'image', distinctCount: number) => ({
      name, inferredType, inferenceReason: 'test', rowCount: 5, missingCount: 0, missingRatio: 0, distinctCount,
      topValues: [{ value: 'a', count: 1 }], numeric: null, histogram: null, averageWords: 1, idLike: false,
    });
    await saveDatasetProfile(t.database.db, tiny.id, { rowCount: 5, sampledRows: 5, columns: [column('x', 'number', 5), column('note', 'text', 5), column('photo', 'image', 5), column('answer', 'text', 3)] });
    const detail = await expectJson(await t.call('GET', `/api/datasets/${tiny.id}`, { as: other.key }), 200);
    // Text targets get Ludwig's default generator decoder; an image output is not trainable yet.
    const autoOutputTypes = trainableOutputTypes.join(', ');
    expect(detail.columns.map((c: { name: string; targetProblem: string | null }) => [c.name, c.targetProblem])).toEqual([
      ['x', null],
      ['note', null],
      ['photo', `Target 'photo' looks like image data (test); image outputs are not supported yet. If its values are labels or numbers, change its type to one of ${autoOutputTypes}.`],
      ['answer', null],
    ]);
    const preview = await expectJson(await t.call('GET', `/api/datasets/${tiny.id}/auto-config?targets=x`, { as: other.key }), 200);
    const unusable = ['note', 'photo'].filter((name) => !(trainableInputTypes as readonly string[]).includes(name === 'note' ? 'text' : 'image'));
    expect(preview.excludedColumns.map((c: { name: string }) => c.name)).toEqual([...unusable, ...(unusable.includes('note') ? ['answer'] : [])]);
    expect(preview.excludedColumns.find((c: { name: string }) => c.name === 'photo')).toEqual(
      unusable.includes('photo') ? { name: 'photo', reason: 'inferred as image (test); image inputs are not supported yet', unusableType: 'image' } : undefined,
    );
    expect(preview.splits).toEqual({ training: 4, validation: 0, test: 1, exact: true });
    expect(preview.warnings).toHaveLength(3);
    expect(preview.warnings[1]).toMatch(/^No validation rows: early stopping and the choice of the best epoch will watch the training loss/);
    const refused = await expectJson(await t.call('GET', `/api/datasets/${tiny.id}/auto-config?targets=photo`, { as: other.key }), 400);
    expect(refused.error.message).toBe(detail.columns[2].targetProblem);
    const reply = await expectJson(await t.call('GET', `/api/datasets/${tiny.id}/auto-config?targets=note`, { as: other.key }), 200);
    expect(reply.config).toMatch(/output_features:\n  - name: note\n    type: text\n/);
  });

  it("counts a saved version's own split on its dataset, with the warnings its Train button needs", async () => {
    const created = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'splits', datasetId, config: config() } }), 201);
    // Ludwig's default split (0.7/0.1/0.2) of 50 rows: 35/5/10, and 5 validation rows is a noisy choice of epoch.
    const byDefault = await expectJson(await t.call('GET', `/api/models/${created.id}/versions/${created.versionId}/splits`, { as: other.key }), 200);
    expect(byDefault.splits).toEqual({ training: 35, validation: 5, test: 10, exact: true });
    expect(byDefault.warnings).toEqual(['Only 5 validation rows: the best epoch is picked from a very noisy score.']);
    // A version that gives every row to training: the counts follow the version, not the dataset's auto-config.
    const allTraining = await expectJson(await t.call('POST', `/api/models/${created.id}/versions`, {
      as: owner.key, body: { config: config('\npreprocessing:\n  split: {type: random, probabilities: [0.9, 0.1, 0]}'), parentVersionId: created.versionId },
    }), 201);
    const split = await expectJson(await t.call('GET', `/api/models/${created.id}/versions/${allTraining.versionId}/splits`, { as: owner.key }), 200);
    expect(split.splits).toEqual({ training: 45, validation: 5, test: 0, exact: true });
    expect(split.warnings.map((w: string) => w.split(':')[0])).toEqual(['Only 5 validation rows', 'No test rows']);
    const other2 = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'splits 2', datasetId, config: config() } }), 201);
    const mismatch = await expectJson(await t.call('GET', `/api/models/${other2.id}/versions/${created.versionId}/splits`, { as: owner.key }), 400);
    expect(mismatch.error.message).toMatch(/belongs to another model/);
  });

  it('answers 400 with path, line, column and suggestion for an unknown key', async () => {
    const body = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'bad', datasetId, config: config('\n  learning_rat: 0.1') } }), 400);
    expect(body.error.code).toBe('invalid_config');
    expect(body.errors).toEqual([{ path: 'trainer.learning_rat', message: "unknown key 'learning_rat' in trainer", suggestion: "did you mean 'learning_rate'?", line: 8, column: 3 }]);
  });

  it('answers 400 naming the line of a feature whose column the dataset lacks', async () => {
    const body = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'bad', datasetId, config: config().replace('name: colour', '').replace('name: color', 'name: colour') } }), 400);
    expect(body.errors).toEqual([{ path: 'input_features[1].name', message: "the dataset has no column 'colour'", suggestion: "did you mean 'color'?", line: 3, column: 12 }]);
  });

  it('keeps versions immutable with their lineage, and diffs them by feature name', async () => {
    const model = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'lineage', datasetId, config: config() } }), 201);
    const v2 = await expectJson(await t.call('POST', `/api/models/${model.id}/versions`, { as: owner.key, body: { config: config().replace('epochs: 2', 'epochs: 5').replace('  - {name: color, type: category}\n', '  - {name: x2, type: number}\n  - {name: color, type: category}\n'), parentVersionId: model.versionId, message: 'more epochs' } }), 201);
    expect(v2.version).toBe(2);
    const detail = await expectJson(await t.call('GET', `/api/models/${model.id}`, { as: owner.key }), 200);
    expect(detail.versions.map((v: { version: number; parentVersionId: string | null }) => [v.version, v.parentVersionId])).toEqual([[1, null], [2, model.versionId]]);
    const diff = await expectJson(await t.call('GET', `/api/models/${model.id}/diff?from=${model.versionId}&to=${v2.versionId}`, { as: other.key }), 200);
    expect(diff.changes.map((c: { path: string; kind: string }) => `${c.kind} ${c.path}`).sort()).toEqual(['added input_features[x2]', 'changed trainer.epochs']);
    expect(diff.changes.find((c: { path: string }) => c.path === 'trainer.epochs')).toMatchObject({ before: 2, after: 5 });
    const foreignParent = await expectJson(await t.call('POST', `/api/models/${model.id}/versions`, { as: owner.key, body: { config: config(), parentVersionId: crypto.randomUUID() } }), 404);
    expect(foreignParent.error.code).toBe('not_found');
  });

  it("forks another member's model into one of your own, and only the owner can change or delete the original", async () => {
    const model = await expectJson(await t.call('POST', '/api/models', { as: owner.key, body: { name: 'mine', datasetId, config: config() } }), 201);
    const denied = await expectJson(await t.call('POST', `/api/models/${model.id}/versions`, { as: other.key, body: { config: config() } }), 403);
    expect(denied.error.message).toMatch(/fork it/);
    const fork = await expectJson(await t.call('POST', `/api/models/${model.id}/fork`, { as: other.key, body: { name: 'theirs' } }), 201);
    const forked = await expectJson(await t.call('GET', `/api/models/${fork.id}`, { as: other.key }), 200);
    expect(forked.versions[0].parentVersionId).toBe(model.versionId);
    const deleteDenied = await expectJson(await t.call('DELETE', `/api/models/${model.id}`, { as: other.key }), 403);
    expect(deleteDenied.error.message).toBe('only the model owner or an admin can delete it.');
    expect(await expectJson(await t.call('DELETE', `/api/models/${model.id}`, { as: owner.key }), 200)).toEqual({ deleted: true, versions: 1, runs: 0 });
    const orphan = await expectJson(await t.call('GET', `/api/models/${fork.id}`, { as: other.key }), 200);
    expect(orphan.versions[0].parentVersionId).toBeNull();
    const list = await expectJson(await t.call('GET', '/api/models', { as: other.key }), 200);
    expect(list.models.find((m: { id: string }) => m.id === fork.id)).toMatchObject({ name: 'theirs', versionCount: 1, latestVersion: 1, latestVersionId: fork.versionId });
  });

  it('serves the config JSON Schema for the editor', async () => {
    const schema = await expectJson(await t.call('GET', '/api/config/schema'), 200);
    expect(schema.title).toBe('Overture model config');
  });
});
