import { getRun, listRunArtifacts } from '@overture/db';
import { predictionComponents } from '@overture/serving';
import { z } from 'zod';
import { ApiError, badInput } from '../errors';
import { endpoint } from '../http/route';
import { mediaType, readJson } from '../http/read-body';
import { createUploadedDataset, requireDataset } from '../services/datasets/service';
import { requireBatchPrediction, startBatchPrediction } from '../services/batch-predictions';
import { requireDeployment } from '../services/deployments';
import { predict } from '../services/predict';

const predictDoc = {
  'application/json': predictionComponents.PredictRequest,
  'text/csv': { type: 'string', description: 'A header row with the data columns, then one row per instance.' },
};

export const predictEndpoint = endpoint({
  method: 'POST', path: '/predict', tag: 'predict', access: 'viewer', produces: ['text/csv'],
  summary: 'Predict with a deployment: `{"model", "instances": [...], "explain"?}` or CSV (`?model=`). `?format=ludwig` for flat records; `Accept: text/csv` for CSV. 10 MB limit (413), per-key rate limit (429)',
  rawBody: predictDoc, response: z.unknown(),
  async handler({ app, actor, request }) {
    return predict(app, actor, request, null);
  },
});

export const predictNamedEndpoint = endpoint({
  method: 'POST', path: '/predict/{deployment}', tag: 'predict', access: 'viewer', produces: ['text/csv'],
  summary: 'Predict with the deployment named in the path (same bodies and options as /predict)',
  params: z.object({ deployment: z.string() }), rawBody: predictDoc, response: z.unknown(),
  async handler({ app, actor, request, params }) {
    return predict(app, actor, request, params.deployment);
  },
});

const ZBatchStatus = z.object({
  id: z.uuid(), state: z.enum(['queued', 'running', 'completed', 'failed']), runId: z.uuid(), datasetId: z.uuid(),
  rows: z.number().nullable(), failedRows: z.number().nullable(), error: z.string().nullable(),
  /** The JSON lines file (what older clients read). */
  downloadUrl: z.string().nullable(),
  /** Every format the worker wrote (JSON lines, CSV, Parquet), each with Ludwig's column names. */
  downloads: z.array(z.object({ format: z.enum(['jsonl', 'csv', 'parquet']), url: z.string(), sizeBytes: z.number().nullable() })),
});

const formatOrder = { csv: 0, parquet: 1, jsonl: 2 } as const;
type DownloadFormat = keyof typeof formatOrder;
const isFormat = (value: unknown): value is DownloadFormat => typeof value === 'string' && value in formatOrder;

export const createBatchPredictionEndpoint = endpoint({
  method: 'POST', path: '/api/batch-predictions', tag: 'predict', access: 'member', status: 202,
  summary: 'Batch prediction as a worker job: JSON `{runId | deployment, datasetId}`, or a multipart upload (`file`) with `?deployment=` or `?runId=`. Poll GET /api/batch-predictions/{id} for the download link',
  rawBody: {
    'application/json': { type: 'object', required: ['datasetId'], properties: { datasetId: { type: 'string', format: 'uuid' }, runId: { type: 'string', format: 'uuid' }, deployment: { type: 'string' } } },
    'multipart/form-data': { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  },
  response: z.object({ id: z.uuid(), runId: z.uuid(), datasetId: z.uuid() }),
  async handler({ app, actor, request }) {
    const url = new URL(request.url);
    const multipart = mediaType(request.headers.get('content-type')) === 'multipart/form-data';
    const input = multipart
      ? { runId: url.searchParams.get('runId') ?? undefined, deployment: url.searchParams.get('deployment') ?? undefined, datasetId: undefined }
      : z.object({ runId: z.uuid().optional(), deployment: z.string().optional(), datasetId: z.uuid() }).parse(await readJson(request, 64 * 1024));
    const runId = input.runId ?? (input.deployment ? (await requireDeployment(app, input.deployment)).runId : null);
    if (!runId) throw badInput('name the model: runId or deployment.', [{ path: 'runId', message: 'required' }]);
    const run = await getRun(app.db, runId);
    if (!run || run.status !== 'completed') throw new ApiError('conflict', `run ${runId} has no trained model.`);
    const datasetId = input.datasetId ?? (await createUploadedDataset(app, actor, request, { predictionInput: true })).id;
    await requireDataset(app, datasetId);
    const { id } = await startBatchPrediction(app, actor, { runId, datasetId });
    return { id, runId, datasetId };
  },
});

export const getBatchPredictionEndpoint = endpoint({
  method: 'GET', path: '/api/batch-predictions/{id}', tag: 'predict', summary: 'A batch prediction: its state (queued, running, completed, failed) and, once completed, its download links (JSON lines, CSV, Parquet; Ludwig\'s columns)', access: 'viewer',
  params: z.object({ id: z.string().min(1) }), response: ZBatchStatus,
  async handler({ app, params }) {
    const row = await requireBatchPrediction(app, params.id);
    const files = row.status === 'completed' ? (await listRunArtifacts(app.db, row.runId, 'predictions')).filter((a) => a.metadata.batchPredictionId === row.id) : [];
    const downloads = files.flatMap((a) => {
      // Results written before CSV and Parquet existed have one file and no format: JSON lines.
      const format = a.metadata.format ?? 'jsonl';
      return isFormat(format) ? [{ format, url: `/api/runs/${row.runId}/artifacts/${a.id}`, sizeBytes: a.sizeBytes }] : [];
    }).sort((a, b) => formatOrder[a.format] - formatOrder[b.format]);
    return {
      downloads,
      id: row.id, state: row.status, runId: row.runId, datasetId: row.datasetId, rows: row.rows, failedRows: row.failedRows,
      error: row.status === 'failed' ? row.error ?? 'failed' : null,
      downloadUrl: row.artifactId ? `/api/runs/${row.runId}/artifacts/${row.artifactId}` : null,
    };
  },
});
