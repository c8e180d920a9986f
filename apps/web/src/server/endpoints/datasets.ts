import { autoConfig, renderConfigYaml, smallSplitWarnings, splitRows } from '@overture/config';
import { getDatasetColumns, listDatasets } from '@overture/db';
import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import { datasetThumbnailPath } from '@overture/jobs';
import { ApiError, conflict, notFound } from '../errors';
import { inStore } from '../services/store-paths';
import { endpoint } from '../http/route';
import { mediaType, readJson } from '../http/read-body';
import { columnProfile, datasetDetail, datasetSummary, ZColumnProfileOut, ZDatasetDetail, ZDatasetStatus, ZDatasetSummary } from '../services/datasets/describe';
import { datasetRows } from '../services/datasets/preview';
import { storedProfile } from '../services/datasets/profile';
import { refreshSqlDataset } from '../services/datasets/refresh';
import { createSqlDataset, createUploadedDataset, datasetWithColumns, deleteDataset, overrideColumnType, requireDataset, sqlSourcePolicy } from '../services/datasets/service';
import { ZSqlSource } from '../services/sources/source-url';
import { testSource } from '../services/sources/snapshot';
import { ZIdParams, ZPage } from './schemas';

export const ZCreateSqlDataset = z.object({ name: z.string().trim().min(1).max(200), source: ZSqlSource });

export const createDatasetEndpoint = endpoint({
  method: 'POST', path: '/api/datasets', tag: 'datasets', access: 'member', status: 201,
  summary: 'Upload a file (multipart field `file`, optional `name`; streamed to the store) or snapshot a SQL query (JSON `{name, source}`); profiling is queued',
  rawBody: {
    'multipart/form-data': { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string' } } },
    'application/json': z.toJSONSchema(ZCreateSqlDataset, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  },
  response: z.object({ id: z.uuid(), status: ZDatasetStatus }),
  async handler({ app, actor, request }) {
    const type = mediaType(request.headers.get('content-type'));
    if (type === 'multipart/form-data') {
      const dataset = await createUploadedDataset(app, actor, request);
      return { id: dataset.id, status: dataset.status };
    }
    if (type === 'application/json') {
      const body = ZCreateSqlDataset.parse(await readJson(request, 1024 * 1024));
      const dataset = await createSqlDataset(app, actor, body);
      return { id: dataset.id, status: dataset.status };
    }
    throw new ApiError('unsupported_media_type', 'send the file as multipart/form-data (field "file"), or JSON {"name", "source": {"type", "url", "query"}} for a SQL source.');
  },
});

export const refreshDatasetEndpoint = endpoint({
  method: 'POST', path: '/api/datasets/{id}/refresh', tag: 'datasets', access: 'member', status: 201,
  summary: "Refresh a SQL dataset: its stored query runs again (read-only, same time limit and row cap) into a NEW dataset named '<name> (refreshed <UTC time>)' that links back to this one, and is profiled; this one is left as it is for the runs trained on it. 409 for a dataset not taken from a SQL query; 400 when the source cannot be reached or the query fails or returns no rows",
  params: ZIdParams, response: z.object({ id: z.uuid(), status: ZDatasetStatus }),
  async handler({ app, actor, params }) {
    const dataset = await refreshSqlDataset(app, actor, params.id);
    return { id: dataset.id, status: dataset.status };
  },
});

export const listDatasetsEndpoint = endpoint({
  method: 'GET', path: '/api/datasets', tag: 'datasets', summary: 'Datasets, newest first; files uploaded as a batch prediction\'s input only with ?include=prediction_inputs', access: 'viewer',
  query: ZPage.extend({ include: z.enum(['prediction_inputs']).optional() }), response: z.object({ datasets: z.array(ZDatasetSummary) }),
  async handler({ app, query }) {
    return { datasets: (await listDatasets(app.db, { ...query, includePredictionInputs: query.include === 'prediction_inputs' })).map(datasetSummary) };
  },
});

export const getDatasetEndpoint = endpoint({
  method: 'GET', path: '/api/datasets/{id}', tag: 'datasets', summary: 'A dataset: status (profiling, ready, failed — with the error), row count, columns, its source (never credentials) and the snapshots it was refreshed from and into', access: 'viewer',
  params: ZIdParams, response: ZDatasetDetail,
  async handler({ app, params }) {
    const { dataset, columns, lineage } = await datasetWithColumns(app, params.id);
    return datasetDetail(dataset, columns, lineage);
  },
});

export const deleteDatasetEndpoint = endpoint({
  method: 'DELETE', path: '/api/datasets/{id}', tag: 'datasets', access: 'member',
  summary: 'Delete a dataset, its runs and their files (models stay); `?dryRun=true` only says what would go. 409 while a run of it is deployed',
  params: ZIdParams, query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
  response: z.object({ deleted: z.boolean(), runs: z.number(), models: z.number(), files: z.number(), bytes: z.number() }),
  async handler({ app, actor, params, query }) {
    return deleteDataset(app, actor, params.id, query.dryRun === 'true');
  },
});

export const datasetRowsEndpoint = endpoint({
  method: 'GET', path: '/api/datasets/{id}/rows', tag: 'datasets', summary: 'A page of the stored rows as text (CSV, TSV, JSON, JSON Lines, Parquet, Excel .xlsx, the table of a .zip dataset archive; null: missing). Excel, Parquet, JSON and archive rows come from the preview the profile job writes: 409 while it is being prepared, 400 invalid_data when profiling failed or the stored file cannot be read', access: 'viewer',
  params: ZIdParams, query: z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(1000).default(50) }),
  response: z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.string().nullable())), offset: z.number(), limit: z.number(), hasMore: z.boolean(), total: z.number().nullable() }),
  async handler({ app, params, query }) {
    const dataset = await requireDataset(app, params.id);
    const page = await datasetRows(app.env.dataDir, dataset, query.offset, query.limit);
    return { ...page, total: dataset.rowCount };
  },
});

export const datasetColumnsEndpoint = endpoint({
  method: 'GET', path: '/api/datasets/{id}/columns', tag: 'datasets', summary: 'The full profile of every column (top values, histogram, statistics)', access: 'viewer',
  params: ZIdParams, response: z.object({ columns: z.array(ZColumnProfileOut) }),
  async handler({ app, params }) {
    await requireDataset(app, params.id);
    return { columns: (await getDatasetColumns(app.db, params.id)).map(columnProfile) };
  },
});

export const datasetThumbnailEndpoint = endpoint({
  method: 'GET', path: '/api/datasets/{id}/thumbnails/{position}/{index}', tag: 'datasets', summary: "One thumbnail (PNG) of an image column's first pictures, as the profile job stored it (`image.thumbnails` of the column says how many)", access: 'viewer', produces: ['image/png'],
  params: z.object({ id: z.uuid(), position: z.coerce.number().int().min(0).max(100_000), index: z.coerce.number().int().min(0).max(100) }),
  async handler({ app, params }) {
    await requireDataset(app, params.id);
    const column = (await getDatasetColumns(app.db, params.id)).find((c) => c.position === params.position);
    const count = column ? columnProfile(column).image?.thumbnails ?? 0 : 0;
    if (params.index >= count) throw notFound(`thumbnail ${params.index} of column ${params.position} of dataset ${params.id}`);
    const png = await readFile(inStore(app.env.dataDir, datasetThumbnailPath(params.id, params.position, params.index))).catch(() => null);
    if (!png) throw notFound(`thumbnail ${params.index} of column ${params.position} of dataset ${params.id}`);
    return new Response(new Uint8Array(png), { headers: { 'content-type': 'image/png', 'content-length': String(png.length), 'cache-control': 'private, max-age=300' } });
  },
});

export const overrideColumnEndpoint = endpoint({
  method: 'PATCH', path: '/api/datasets/{id}/columns/{column}', tag: 'datasets', summary: "Override a column's feature type", access: 'member',
  params: z.object({ id: z.uuid(), column: z.string().min(1) }), body: z.object({ type: z.string() }),
  response: ZColumnProfileOut,
  async handler({ app, actor, params, body }) {
    await overrideColumnType(app, actor, params.id, params.column, body.type);
    const column = (await getDatasetColumns(app.db, params.id)).find((c) => c.name === params.column)!;
    return columnProfile(column);
  },
});

export const testSourceEndpoint = endpoint({
  method: 'POST', path: '/api/sources/test', tag: 'datasets', access: 'member',
  summary: 'Test a SQL source: connects (read-only) and, with a query, returns its columns and first 20 rows. Credentials are never stored by this call',
  body: z.object({ type: ZSqlSource.shape.type, url: ZSqlSource.shape.url, query: z.string().trim().min(1).optional() }),
  response: z.object({ ok: z.literal(true), serverVersion: z.string(), host: z.string(), database: z.string(), columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))) }),
  async handler({ app, body }) {
    return testSource(body, sqlSourcePolicy(app));
  },
});

export const autoConfigPreviewEndpoint = endpoint({
  method: 'GET', path: '/api/datasets/{id}/auto-config', tag: 'datasets', access: 'viewer',
  summary: 'The config auto-config would write for these targets (comma-separated), and the columns it leaves out and why; creates nothing',
  params: ZIdParams, query: z.object({ targets: z.string().min(1).transform((s) => s.split(',').map((t) => t.trim()).filter(Boolean)) }),
  response: z.object({
    config: z.string(),
    /** `unusableType`: the column's type keeps it out; changing the type can bring it in. */
    excludedColumns: z.array(z.object({ name: z.string(), reason: z.string(), unusableType: z.string().optional() })),
    /** Rows each split will get (`exact: false` for proportional splits by hash, date or class). */
    splits: z.object({ training: z.number(), validation: z.number(), test: z.number(), exact: z.boolean() }),
    /** What to know before training on this little data (no validation rows, a handful of test rows…). */
    warnings: z.array(z.string()),
  }),
  async handler({ app, params, query }) {
    const dataset = await requireDataset(app, params.id);
    if (dataset.status !== 'ready') throw conflict(`dataset '${dataset.name}' is ${dataset.status}: auto-config needs its profile.`);
    const profile = storedProfile(dataset, await getDatasetColumns(app.db, dataset.id));
    const auto = autoConfig(profile, query.targets);
    const splits = splitRows(profile, auto.config.preprocessing?.split);
    return { config: renderConfigYaml(auto.config), excludedColumns: auto.excludedColumns, splits, warnings: smallSplitWarnings(splits) };
  },
});
