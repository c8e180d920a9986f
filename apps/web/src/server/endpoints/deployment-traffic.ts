import { countPredictionLog, getDatasetColumns, getRun, listPredictionLog } from '@overture/db';
import { z } from 'zod';
import type { AppContext } from '../context';
import { endpoint } from '../http/route';
import { changeTraffic, requireDeployment } from '../services/deployments';
import { driftReport, MIN_DRIFT_ROWS, PSI_DRIFT, PSI_MODERATE, type TrainingColumn } from '../services/drift';
import { compareShadow } from '../services/shadow-comparison';
import { describeDeployment, ZDeployment } from './deployments';

const ZSplitPart = z.object({ runId: z.uuid(), percent: z.number().int().min(1).max(100) });

export const updateTrafficEndpoint = endpoint({
  method: 'PATCH', path: '/api/deployments/{name}/traffic', tag: 'deployments', access: 'member',
  summary: "Change a deployment's traffic split: a canary run answering `percent` of requests, a shadow run sent a copy of `percent` of them (logged, never returned), and the share of requests logged. Keys left out stay; null removes",
  params: z.object({ name: z.string() }),
  body: z.object({
    canary: ZSplitPart.nullable().optional(),
    shadow: ZSplitPart.nullable().optional(),
    logPercent: z.number().min(0).max(100).optional(),
  }).strict(),
  response: ZDeployment,
  async handler({ app, actor, params, body }) {
    return describeDeployment(app.serving.loadedRun.bind(app.serving), await changeTraffic(app, actor, params.name, body));
  },
});

const ZLogEntry = z.object({
  id: z.number(), role: z.enum(['primary', 'canary', 'shadow']), runId: z.uuid(), requestId: z.string().nullable(),
  rowCount: z.number(), instances: z.array(z.record(z.string(), z.unknown())), predictions: z.array(z.unknown()).nullable(),
  answeredPredictions: z.array(z.unknown()).nullable(), error: z.string().nullable(), latencyMs: z.number(), createdAt: z.string(),
});

export const listPredictionLogEndpoint = endpoint({
  method: 'GET', path: '/api/deployments/{name}/predictions', tag: 'deployments', access: 'member',
  summary: "A deployment's prediction log, newest first (sampled requests and shadow answers), with how the shadow compares with the answering version",
  params: z.object({ name: z.string() }),
  query: z.object({
    role: z.enum(['primary', 'canary', 'shadow']).optional(),
    before: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(200).default(20),
  }),
  response: z.object({
    entries: z.array(ZLogEntry),
    counts: z.object({ primary: z.number(), canary: z.number(), shadow: z.number() }),
    shadow: z.object({
      entries: z.number(), failed: z.number(),
      outputs: z.array(z.object({ output: z.string(), rows: z.number(), agreement: z.number(), meanAbsoluteDifference: z.number().nullable() })),
    }),
  }),
  async handler({ app, params, query }) {
    const deployment = await requireDeployment(app, params.name);
    const [entries, counts, shadows] = await Promise.all([
      listPredictionLog(app.db, deployment.id, { roles: query.role ? [query.role] : undefined, beforeId: query.before, limit: query.limit }),
      countPredictionLog(app.db, deployment.id),
      listPredictionLog(app.db, deployment.id, { roles: ['shadow'], limit: 500 }),
    ]);
    return {
      entries: entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() })),
      counts, shadow: compareShadow(shadows),
    };
  },
});

export const driftEndpoint = endpoint({
  method: 'GET', path: '/api/deployments/{name}/drift', tag: 'deployments', access: 'viewer',
  summary: "Input drift: the rows the prediction log sampled (newest `rows`) against the training data's profile, per input feature (PSI; KS for numbers)",
  params: z.object({ name: z.string() }),
  query: z.object({ rows: z.coerce.number().int().min(MIN_DRIFT_ROWS).max(20_000).default(5_000) }),
  response: z.object({
    runId: z.uuid(), datasetId: z.uuid().nullable(), rows: z.number(), logPercent: z.number(),
    thresholds: z.object({ moderate: z.number(), drift: z.number(), minRows: z.number() }),
    drifted: z.array(z.string()),
    features: z.array(z.object({
      feature: z.string(), column: z.string(), type: z.string(), status: z.enum(['stable', 'moderate', 'drift', 'insufficient', 'unmeasured']),
      rows: z.number(), psi: z.number().nullable(), ks: z.number().nullable(), reason: z.string().optional(),
      buckets: z.array(z.object({ label: z.string(), training: z.number(), live: z.number() })),
    })),
  }),
  async handler({ app, params, query }) {
    const deployment = await requireDeployment(app, params.name);
    await app.serving.ensure(deployment.name);
    const run = await getRun(app.db, deployment.runId);
    const columns = run?.datasetId ? await getDatasetColumns(app.db, run.datasetId) : [];
    const training = new Map<string, TrainingColumn>(columns.map((c) => [c.name, {
      rowCount: Number(c.stats.rowCount ?? 0), missingCount: Number(c.stats.missingCount ?? 0), topValues: c.topValues, histogram: c.histogram,
    }]));
    const rows = await loggedRows(app, deployment.id, query.rows);
    const features = driftReport(app.serving.engine.info(deployment.name).inputs, training, rows);
    return {
      runId: deployment.runId, datasetId: run?.datasetId ?? null, rows: rows.length, logPercent: deployment.logPercent,
      thresholds: { moderate: PSI_MODERATE, drift: PSI_DRIFT, minRows: MIN_DRIFT_ROWS },
      drifted: features.filter((f) => f.status === 'drift').map((f) => f.feature), features,
    };
  },
});

/** The newest `limit` logged input rows of the answering versions (a shadow's copies would count a request twice). */
async function loggedRows(app: AppContext, deploymentId: string, limit: number): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let before: number | undefined;
  while (rows.length < limit) {
    const page = await listPredictionLog(app.db, deploymentId, { roles: ['primary', 'canary'], beforeId: before, limit: 1_000 });
    for (const entry of page) rows.push(...entry.instances.slice(0, limit - rows.length));
    if (page.length < 1_000) break;
    before = page[page.length - 1].id;
  }
  return rows;
}
