import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { getKeptRunMetrics, getRunLogs, getRunMetrics, listRunArtifacts, listRunMetricSeries, listRunsWithModel, RUN_STATUSES, type Run } from '@overture/db';
import { keys, runEventsSseStream, SSE_HEADERS } from '@overture/jobs';
import { metricGoal } from '@overture/config';
import { z } from 'zod';
import { notFound } from '../errors';
import { endpoint } from '../http/route';
import { releasingOnEnd, tooManyStreams } from '../http/stream-slots';
import { bundleArchive } from '../services/runs/bundle-archive';
import { keyMetricOf } from '../services/runs/key-metric';
import { readRunCard } from '../services/runs/model-card';
import { cancelRun, deleteRun, readRunJson, requireRun, startRun } from '../services/runs/service';
import { inStore, runBundleDirectory } from '../services/store-paths';
import { ZIdParams } from './schemas';

const ZRunStatus = z.enum(RUN_STATUSES);
const ZRun = z.object({
  id: z.uuid(), status: ZRunStatus, modelVersionId: z.uuid(), datasetId: z.uuid().nullable(), seed: z.number(),
  workerId: z.string().nullable(), attempt: z.number(), epoch: z.number(), step: z.number(), totalSteps: z.number().nullable(),
  progressPct: z.number(), etaSeconds: z.number().nullable(), error: z.string().nullable(), errorCode: z.string().nullable(),
  createdById: z.string().nullable(), createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
  cancelRequested: z.boolean(),
  /** Not trained here: a model bundle imported with POST /api/models/import (no dataset, no logs). */
  imported: z.boolean(),
  /** Fine-tuned: the run whose weights this one started from (null when it trained from scratch, or that run was deleted since). */
  modelLoadRunId: z.uuid().nullable(),
  /** Continued: the run whose training this one continues for more epochs (null otherwise, or once that run is deleted). */
  resumeRunId: z.uuid().nullable(),
});
const iso = (d: Date | null) => d?.toISOString() ?? null;
const runOut = (r: Run) => ({
  id: r.id, status: r.status, modelVersionId: r.modelVersionId, datasetId: r.datasetId, seed: r.seed, workerId: r.workerId, attempt: r.attempt,
  epoch: r.epoch, step: r.step, totalSteps: r.totalSteps, progressPct: r.progressPct, etaSeconds: r.etaSeconds, error: r.error, errorCode: r.errorCode,
  createdById: r.createdById, createdAt: r.createdAt.toISOString(), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt), cancelRequested: r.cancelRequestedAt !== null,
  imported: r.imported,
  modelLoadRunId: r.modelLoadRunId,
  resumeRunId: r.resumeRunId,
});

const ZMetricValue = z.object({ split: z.string(), output: z.string(), metric: z.string(), value: z.number() });
const ZKeyMetric = ZMetricValue.extend({ label: z.string() });

export const createRunEndpoint = endpoint({
  method: 'POST', path: '/api/runs', tag: 'runs', access: 'member', status: 201,
  summary: 'Train a model version: writes the run (queued, with the resolved config), then queues training.run',
  body: z.object({
    versionId: z.uuid(), datasetId: z.uuid().optional(), seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    /** Fine-tune (Ludwig's model_load_path): start from this completed run's weights, e.g. on another dataset. */
    modelLoadRunId: z.uuid().optional(),
    /** Continue training (Ludwig's model_resume_path): this completed run's kept state, same version, data and seed… */
    resumeRunId: z.uuid().optional(),
    /** …to this many epochs in all (above those it trained). */
    epochs: z.number().int().positive().max(100_000).optional(),
  }),
  response: z.object({ id: z.uuid(), status: ZRunStatus }),
  async handler({ app, actor, body }) {
    const run = await startRun(app, actor, body);
    return { id: run.id, status: run.status };
  },
});

/** `sort=<split>.<output>.<metric>`, e.g. `test.label.accuracy` (output names may hold dots: the first and last dot split it). */
const ZMetricSort = z.string().transform((s, ctx) => {
  const first = s.indexOf('.'), last = s.lastIndexOf('.');
  if (first <= 0 || last <= first + 1 || last === s.length - 1) {
    ctx.addIssue({ code: 'custom', message: `sort '${s}' is not <split>.<output>.<metric>, e.g. test.label.accuracy` });
    return z.NEVER;
  }
  return { split: s.slice(0, first), output: s.slice(first + 1, last), metric: s.slice(last + 1) };
});
/** Best first: Ludwig's objective of the metric (losses and errors low, accuracy or r2 high). */
const defaultDirection = (metric: string): 'asc' | 'desc' => (metricGoal(metric) === 'minimize' ? 'asc' : 'desc');

export const listRunsEndpoint = endpoint({
  method: 'GET', path: '/api/runs', tag: 'runs', summary: 'Runs, newest first (or best first by `sort=<split>.<output>.<metric>`, `order=asc|desc`); filter by model, version, dataset, status (comma-separated); page with `before` (a createdAt)', access: 'viewer',
  query: z.object({
    modelId: z.uuid().optional(), versionId: z.uuid().optional(), datasetId: z.uuid().optional(),
    status: z.string().optional().transform((s, ctx) => {
      const list = s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [];
      const bad = list.filter((x) => !(RUN_STATUSES as readonly string[]).includes(x));
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `unknown status ${bad.join(', ')}; use ${RUN_STATUSES.join(', ')}` });
      return list as Run['status'][];
    }),
    before: z.coerce.date().optional(), limit: z.coerce.number().int().min(1).max(500).default(50),
    sort: ZMetricSort.optional(),
    order: z.enum(['asc', 'desc']).optional(),
  }),
  response: z.object({ runs: z.array(ZRun.extend({
    modelId: z.uuid(), modelName: z.string(), version: z.number(),
    /** The watched metric on the test split when there is one (else validation, else training), at the kept step. */
    keyMetric: ZKeyMetric.nullable(),
    /** Every split's metrics at the step whose weights the run kept. */
    metrics: z.array(ZMetricValue),
  })) }),
  async handler({ app, query }) {
    const sortByMetric = query.sort ? { ...query.sort, direction: query.order ?? defaultDirection(query.sort.metric) } : undefined;
    const rows = await listRunsWithModel(app.db, { modelId: query.modelId, modelVersionId: query.versionId, datasetId: query.datasetId, status: query.status, before: query.before, limit: query.limit, sortByMetric });
    const metrics = await getKeptRunMetrics(app.db, rows.map((r) => r.id));
    return { runs: rows.map((r) => {
      const values = metrics.get(r.id) ?? [];
      return { ...runOut(r), modelId: r.modelId, modelName: r.modelName, version: r.version, keyMetric: keyMetricOf(r, values), metrics: values };
    }) };
  },
});

/** Only a run forecasting a series keeps forecast samples: others skip the lookup. */
function hasTimeseriesOutput(config: unknown): boolean {
  const outputs = (config as { output_features?: unknown } | null)?.output_features;
  return Array.isArray(outputs) && outputs.some((o) => (o as { type?: unknown } | null)?.type === 'timeseries');
}

export const getRunEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}', tag: 'runs', summary: 'A run: status, worker, attempt, progress, error, summary and (when completed) Ludwig-shaped test statistics', access: 'viewer',
  params: ZIdParams,
  response: ZRun.extend({
    errorDetails: z.array(z.unknown()).nullable(), summary: z.record(z.string(), z.unknown()).nullable(), config: z.record(z.string(), z.unknown()), testStatistics: z.unknown(),
    forecastSamples: z.unknown().meta({ description: 'For a timeseries output: the first test rows\' history, true horizon and forecast, per output (null when none was kept)' }),
  }),
  async handler({ app, params }) {
    const run = await requireRun(app, params.id);
    const completed = run.status === 'completed';
    const testStatistics = completed ? await readRunJson(app, run.id, 'test_statistics') : null;
    const forecastSamples = completed && hasTimeseriesOutput(run.config) ? await readRunJson(app, run.id, 'forecast_samples') : null;
    return { ...runOut(run), errorDetails: run.errorDetails, summary: run.summary, config: run.config, testStatistics, forecastSamples };
  },
});

export const deleteRunEndpoint = endpoint({
  method: 'DELETE', path: '/api/runs/{id}', tag: 'runs', access: 'member',
  summary: 'Delete a finished run with its metrics, logs and files (409 while queued, running or deployed); `?dryRun=true` says what would go',
  params: ZIdParams, query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
  response: z.object({ deleted: z.boolean(), artifacts: z.number(), bytes: z.number() }),
  async handler({ app, actor, params, query }) {
    return deleteRun(app, actor, params.id, query.dryRun === 'true');
  },
});

export const cancelRunEndpoint = endpoint({
  method: 'POST', path: '/api/runs/{id}/cancel', tag: 'runs', summary: 'Cancel: a queued run at once, a running one at its next step (the worker checkpoints)', access: 'member',
  params: ZIdParams, response: ZRun,
  async handler({ app, actor, params }) {
    return runOut(await cancelRun(app, actor, params.id));
  },
});

export const runEventsEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/events', tag: 'runs', access: 'viewer', produces: ['text/event-stream'],
  summary: "Live events (Server-Sent Events) from the run's Redis Stream; reconnect with Last-Event-ID (or ?lastEventId=) to miss nothing; ends after the `end` event; 429 past OVERTURE_SSE_PER_USER open streams per user (OVERTURE_SSE_TOTAL per web process)",
  params: ZIdParams, query: z.object({ lastEventId: z.string().optional() }),
  async handler({ app, actor, params, query, request }) {
    const run = await requireRun(app, params.id);
    const lastEventId = request.headers.get('last-event-id') ?? query.lastEventId ?? null;
    const finished = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled';
    if (finished && !(await app.redis.exists(keys.runEvents(app.env.OVERTURE_REDIS_PREFIX, run.id)))) {
      // The stream of a long-finished run has expired: say how it ended instead of waiting forever.
      const end = { type: 'end', runId: run.id, ts: (run.finishedAt ?? new Date()).getTime(), status: run.status, message: run.error ?? undefined };
      return new Response(`retry: 2000\n\ndata: ${JSON.stringify(end)}\n\n`, { headers: SSE_HEADERS });
    }
    const slot = app.streams.acquire(actor.userId ?? actor.apiKeyId ?? actor.kind);
    if ('refused' in slot) throw tooManyStreams(slot.refused);
    const connection = app.redis.duplicate();
    connection.on('error', () => undefined);
    const stream = runEventsSseStream(connection, { prefix: app.env.OVERTURE_REDIS_PREFIX, runId: run.id, lastEventId });
    return new Response(releasingOnEnd(stream, slot.release), { headers: SSE_HEADERS });
  },
});

export const runMetricsEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/metrics', tag: 'runs', summary: 'Metric series for charts, min/max-downsampled to maxPoints per series (spikes survive)', access: 'viewer',
  params: ZIdParams,
  query: z.object({ output: z.string().optional(), metric: z.string().optional(), split: z.string().optional(), maxPoints: z.coerce.number().int().min(4).max(20_000).default(1000) }),
  response: z.object({ series: z.array(z.object({ split: z.string(), output: z.string(), metric: z.string(), total: z.number(), downsampled: z.boolean(), points: z.array(z.object({ step: z.number(), epoch: z.number(), value: z.number() })) })) }),
  async handler({ app, params, query }) {
    await requireRun(app, params.id);
    return { series: await getRunMetrics(app.db, { runId: params.id, ...query }) };
  },
});

export const runMetricSeriesEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/metrics/series', tag: 'runs', summary: 'Which metric series a run has (for chart pickers)', access: 'viewer',
  params: ZIdParams,
  response: z.object({ series: z.array(z.object({ split: z.string(), output: z.string(), metric: z.string(), total: z.number(), lastStep: z.number() })) }),
  async handler({ app, params }) {
    await requireRun(app, params.id);
    return { series: await listRunMetricSeries(app.db, params.id) };
  },
});

export const runLogsEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/logs', tag: 'runs', summary: 'Log lines in order; pass the last id seen as afterId to follow', access: 'viewer',
  params: ZIdParams, query: z.object({ afterId: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(10_000).default(1000) }),
  response: z.object({ logs: z.array(z.object({ id: z.number(), attempt: z.number(), at: z.string(), level: z.string(), message: z.string() })) }),
  async handler({ app, params, query }) {
    await requireRun(app, params.id);
    const lines = await getRunLogs(app.db, params.id, query);
    return { logs: lines.map((l) => ({ id: l.id, attempt: l.attempt, at: l.at.toISOString(), level: l.level, message: l.message })) };
  },
});

export const featureImportanceEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/feature-importance', tag: 'runs', summary: 'Permutation feature importance of a completed run (null when not computed)', access: 'viewer',
  params: ZIdParams, response: z.object({ featureImportance: z.unknown() }),
  async handler({ app, params }) {
    await requireRun(app, params.id);
    return { featureImportance: await readRunJson(app, params.id, 'feature_importance') };
  },
});

const ZArtifact = z.object({ id: z.uuid(), kind: z.string(), sizeBytes: z.number().nullable(), contentType: z.string().nullable(), metadata: z.record(z.string(), z.unknown()), createdAt: z.string(), downloadUrl: z.string() });

export const runArtifactsEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/artifacts', tag: 'runs', summary: "A run's artifacts (statistics, bundle, batch predictions) with download links", access: 'viewer',
  params: ZIdParams, response: z.object({ artifacts: z.array(ZArtifact) }),
  async handler({ app, params }) {
    await requireRun(app, params.id);
    // The kept training state is the platform's own (what Continue training reads), not a download.
    const rows = (await listRunArtifacts(app.db, params.id)).filter((a) => a.kind !== 'training_state');
    return {
      artifacts: rows.map((a) => ({
        id: a.id, kind: a.kind, sizeBytes: a.sizeBytes, contentType: a.contentType, metadata: a.metadata, createdAt: a.createdAt.toISOString(),
        downloadUrl: a.kind === 'model_bundle' ? `/api/runs/${params.id}/bundle` : `/api/runs/${params.id}/artifacts/${a.id}`,
      })),
    };
  },
});

export const downloadArtifactEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/artifacts/{artifactId}', tag: 'runs', summary: 'Download one artifact file', access: 'viewer', produces: ['application/octet-stream'],
  params: z.object({ id: z.uuid(), artifactId: z.uuid() }),
  async handler({ app, params }) {
    const artifact = (await listRunArtifacts(app.db, params.id)).find((a) => a.id === params.artifactId);
    if (!artifact || artifact.kind === 'model_bundle' || artifact.kind === 'training_state') throw notFound(`artifact ${params.artifactId} of run ${params.id}`);
    const file = inStore(app.env.dataDir, artifact.path);
    const name = file.split('/').pop()!;
    return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, {
      headers: { 'content-type': artifact.contentType ?? 'application/octet-stream', 'content-disposition': `attachment; filename="${name}"`, ...(artifact.sizeBytes ? { 'content-length': String(artifact.sizeBytes) } : {}) },
    });
  },
});

export const downloadBundleEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/bundle', tag: 'runs', summary: 'Download the model bundle (model.onnx, metadata, weights) as .tar.gz', access: 'viewer', produces: ['application/gzip'],
  params: ZIdParams,
  async handler({ app, params }) {
    const directory = await runBundleDirectory(app.db, app.env.dataDir, params.id);
    return new Response(bundleArchive(directory), {
      headers: { 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="model-${params.id}.tar.gz"` },
    });
  },
});

export const runCardEndpoint = endpoint({
  method: 'GET', path: '/api/runs/{id}/card', tag: 'runs', access: 'viewer',
  summary: "The model card of a completed run's bundle: card.json as data and card.md (both null before it completes)",
  params: ZIdParams, response: z.object({ card: z.unknown(), markdown: z.string().nullable() }),
  async handler({ app, params }) {
    return readRunCard(app, params.id);
  },
});
