import { configJsonSchema, defaultConfigLimits, smallSplitWarnings, splitRows } from '@overture/config';
import { getDatasetColumns, getDataset, listModels, listModelVersions, type Model, type ModelVersion } from '@overture/db';
import { z } from 'zod';
import { ApiError, badInput } from '../errors';
import { mediaType } from '../http/read-body';
import { endpoint } from '../http/route';
import { importModelBundle } from '../services/models/import-bundle';
import { diffConfigs } from '../services/models/diff';
import { storedProfile } from '../services/datasets/profile';
import { addVersion, createModelFrom, forkModel, removeModel, requireModel, requireVersion } from '../services/models/service';
import { ZIdParams, ZPage } from './schemas';

/**
 * A body carrying a config: the config's own cap (characters, checked by parseConfigText with a 413
 * that names it) plus room for JSON escaping and the other fields.
 */
const configBodyBytes = 2 * defaultConfigLimits.maxTextLength + 64 * 1024;

const ZWarning = z.object({ path: z.string().optional(), message: z.string(), suggestion: z.string().optional(), line: z.number().optional(), column: z.number().optional() });
const ZModel = z.object({
  id: z.uuid(), name: z.string(), description: z.string().nullable(), datasetId: z.string().nullable(), ownerId: z.string().nullable(), createdAt: z.string(),
});
const ZVersion = z.object({
  id: z.uuid(), modelId: z.uuid(), version: z.number().int(), parentVersionId: z.string().nullable(), authorId: z.string().nullable(), message: z.string().nullable(), createdAt: z.string(),
  /** The config of a model bundle imported from outside the platform (no parent, no dataset). */
  imported: z.boolean(),
});
const ZVersionDetail = ZVersion.extend({ config: z.string(), resolvedConfig: z.record(z.string(), z.unknown()) });

const model = (m: Model) => ({ id: m.id, name: m.name, description: m.description, datasetId: m.datasetId, ownerId: m.ownerId, createdAt: m.createdAt.toISOString() });
const version = (v: ModelVersion) => ({
  id: v.id, modelId: v.modelId, version: v.version, parentVersionId: v.parentVersionId, authorId: v.authorId, message: v.message, createdAt: v.createdAt.toISOString(),
  imported: v.imported,
});
const versionDetail = (v: ModelVersion) => ({ ...version(v), config: v.yaml, resolvedConfig: v.resolvedConfig });

export const createModelEndpoint = endpoint({
  method: 'POST', path: '/api/models', tag: 'models', access: 'member', status: 201,
  summary: 'Create a model: `{name, datasetId, targets}` (auto-config from the stored profile) or `{name, datasetId, config: "<yaml>"}`. Invalid config: 400 with `errors` (path, line, column, suggestion; the first 100, `error.total` counts all); a config over 512 KB: 413',
  maxBodyBytes: configBodyBytes,
  body: z.object({
    name: z.string().trim().min(1).max(200), datasetId: z.uuid(), description: z.string().max(2000).optional(),
    targets: z.array(z.string().min(1)).min(1).optional(), config: z.string().min(1).optional(),
  }).refine((b) => (b.targets === undefined) !== (b.config === undefined), { message: 'give either targets (auto-config) or config (YAML), not both', path: ['targets'] }),
  response: z.object({ id: z.uuid(), versionId: z.uuid(), config: z.string(), excludedColumns: z.array(z.object({ name: z.string(), reason: z.string() })), warnings: z.array(ZWarning) }),
  async handler({ app, actor, body }) {
    const created = await createModelFrom(app, actor, body);
    return { id: created.model.id, versionId: created.version.id, config: created.yaml, excludedColumns: created.excludedColumns, warnings: created.warnings };
  },
});

export const importModelEndpoint = endpoint({
  method: 'POST', path: '/api/models/import', tag: 'models', access: 'member', status: 201,
  summary: "Import a model bundle trained with the CLI: multipart field `file` = a .tar.gz of the bundle folder (`tar czf model.tar.gz -C OUT model`, or a run's bundle download), optional `name`. Makes a model, its version 1 (imported) and a completed run (imported, no dataset) that can be deployed. 400 for an archive that is not a readable bundle, 413 over OVERTURE_MAX_UPLOAD_BYTES",
  rawBody: {
    'multipart/form-data': { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: '.tar.gz of the model/ folder' }, name: { type: 'string', maxLength: 200 } } },
  },
  response: z.object({
    id: z.uuid(), versionId: z.uuid(), runId: z.uuid(), name: z.string(), formatVersion: z.string(),
    outputs: z.array(z.object({ name: z.string(), type: z.string() })), hasTestStatistics: z.boolean(), learningCurvePoints: z.number().int(),
  }),
  async handler({ app, actor, request }) {
    if (mediaType(request.headers.get('content-type')) !== 'multipart/form-data') {
      throw new ApiError('unsupported_media_type', 'send the archive as multipart/form-data, in a field named "file".');
    }
    const imported = await importModelBundle(app, actor, request);
    const outputs = ((imported.version.resolvedConfig.output_features ?? []) as { name: string; type: string }[]).map((o) => ({ name: o.name, type: o.type }));
    return {
      id: imported.model.id, versionId: imported.version.id, runId: imported.run.id, name: imported.model.name, formatVersion: imported.formatVersion,
      outputs, hasTestStatistics: imported.hasTestStatistics, learningCurvePoints: imported.learningCurvePoints,
    };
  },
});

export const listModelsEndpoint = endpoint({
  method: 'GET', path: '/api/models', tag: 'models', summary: 'Models, newest first, with their latest version', access: 'viewer',
  query: ZPage.extend({ datasetId: z.uuid().optional() }),
  response: z.object({ models: z.array(ZModel.extend({ latestVersionId: z.string().nullable(), latestVersion: z.number().nullable(), versionCount: z.number(), imported: z.boolean() })) }),
  async handler({ app, query }) {
    const rows = await listModels(app.db, query);
    return { models: rows.map((m) => ({ ...model(m), latestVersionId: m.latestVersionId, latestVersion: m.latestVersion, versionCount: m.versionCount, imported: m.imported })) };
  },
});

export const getModelEndpoint = endpoint({
  method: 'GET', path: '/api/models/{id}', tag: 'models', summary: 'A model with all its versions (each names its parent: the lineage)', access: 'viewer',
  params: ZIdParams, response: ZModel.extend({ versions: z.array(ZVersion) }),
  async handler({ app, params }) {
    const m = await requireModel(app, params.id);
    return { ...model(m), versions: (await listModelVersions(app.db, m.id)).map(version) };
  },
});

export const deleteModelEndpoint = endpoint({
  method: 'DELETE', path: '/api/models/{id}', tag: 'models', access: 'member',
  summary: 'Delete a model with its versions, runs and run files (owner or admin; 409 while deployed); `?dryRun=true` says what would go',
  params: ZIdParams, query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
  response: z.object({ deleted: z.boolean(), versions: z.number(), runs: z.number() }),
  async handler({ app, actor, params, query }) {
    return removeModel(app, actor, params.id, query.dryRun === 'true');
  },
});

export const createVersionEndpoint = endpoint({
  method: 'POST', path: '/api/models/{id}/versions', tag: 'models', access: 'member', status: 201,
  summary: 'Save an edited config as a new immutable version. Invalid config: 400 with `errors` (the first 100, `error.total` counts all); a config over 512 KB: 413',
  maxBodyBytes: configBodyBytes,
  params: ZIdParams, body: z.object({ config: z.string().min(1), parentVersionId: z.uuid().nullable().optional(), message: z.string().max(2000).optional() }),
  response: z.object({ versionId: z.uuid(), version: z.number().int(), warnings: z.array(ZWarning) }),
  async handler({ app, actor, params, body }) {
    const { version: v, warnings } = await addVersion(app, actor, params.id, body);
    return { versionId: v.id, version: v.version, warnings };
  },
});

export const getVersionEndpoint = endpoint({
  method: 'GET', path: '/api/models/{id}/versions/{versionId}', tag: 'models', summary: 'A version: the YAML as written and the resolved config', access: 'viewer',
  params: z.object({ id: z.uuid(), versionId: z.uuid() }), response: ZVersionDetail,
  async handler({ app, params }) {
    const v = await requireVersion(app, params.versionId);
    if (v.modelId !== params.id) throw badInput('that version belongs to another model.');
    return versionDetail(v);
  },
});

export const versionSplitsEndpoint = endpoint({
  method: 'GET', path: '/api/models/{id}/versions/{versionId}/splits', tag: 'models', access: 'viewer',
  summary: "Rows each split gets when this version trains on its model's dataset (its own `preprocessing.split`), and what to know before training on so little data; `splits: null` when the model has no ready dataset",
  params: z.object({ id: z.uuid(), versionId: z.uuid() }),
  response: z.object({
    splits: z.object({ training: z.number(), validation: z.number(), test: z.number(), exact: z.boolean() }).nullable(),
    warnings: z.array(z.string()),
  }),
  async handler({ app, params }) {
    const v = await requireVersion(app, params.versionId);
    if (v.modelId !== params.id) throw badInput('that version belongs to another model.');
    const m = await requireModel(app, params.id);
    const dataset = m.datasetId ? await getDataset(app.db, m.datasetId) : null;
    if (!dataset || dataset.status !== 'ready') return { splits: null, warnings: [] };
    // The version's own split (a fixed column, other proportions) decides the counts, not the dataset's auto-config.
    const preprocessing = (v.resolvedConfig as { preprocessing?: { split?: Parameters<typeof splitRows>[1] } }).preprocessing;
    const splits = splitRows(storedProfile(dataset, await getDatasetColumns(app.db, dataset.id)), preprocessing?.split);
    return { splits, warnings: smallSplitWarnings(splits) };
  },
});

export const diffVersionsEndpoint = endpoint({
  method: 'GET', path: '/api/models/{id}/diff', tag: 'models', summary: 'What changed between two versions (resolved configs, leaf by leaf; features matched by name), with both YAML texts', access: 'viewer',
  params: ZIdParams, query: z.object({ from: z.uuid(), to: z.uuid() }),
  response: z.object({
    from: ZVersionDetail, to: ZVersionDetail,
    changes: z.array(z.object({ path: z.string(), kind: z.enum(['added', 'removed', 'changed']), before: z.unknown().optional(), after: z.unknown().optional() })),
  }),
  async handler({ app, query }) {
    const [from, to] = await Promise.all([requireVersion(app, query.from), requireVersion(app, query.to)]);
    return { from: versionDetail(from), to: versionDetail(to), changes: diffConfigs(from.resolvedConfig, to.resolvedConfig) };
  },
});

export const forkModelEndpoint = endpoint({
  method: 'POST', path: '/api/models/{id}/fork', tag: 'models', access: 'member', status: 201,
  summary: 'Fork a model (its latest version, or `versionId`) into a new model you own; its version 1 names the source as parent',
  params: ZIdParams, body: z.object({ name: z.string().trim().min(1).max(200), versionId: z.uuid().optional() }),
  response: z.object({ id: z.uuid(), versionId: z.uuid() }),
  async handler({ app, actor, params, body }) {
    const fork = await forkModel(app, actor, params.id, body);
    return { id: fork.model.id, versionId: fork.version.id };
  },
});

export const configSchemaEndpoint = endpoint({
  method: 'GET', path: '/api/config/schema', tag: 'models', summary: 'JSON Schema of the config language (for Monaco / monaco-yaml)', access: 'public',
  async handler() {
    return configJsonSchema();
  },
});
