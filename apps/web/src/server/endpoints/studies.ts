import { getModel, getModelVersion, listStudies, listStudyTrials, STUDY_STATUSES, TRIAL_STATUSES, runs, type Study, type StudyTrial } from '@overture/db';
import { keys, SSE_HEADERS, studyEventsSseStream } from '@overture/jobs';
import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { endpoint } from '../http/route';
import { releasingOnEnd, tooManyStreams } from '../http/stream-slots';
import { cancelStudy, requireStudy, startStudy } from '../services/studies/service';
import { ZIdParams } from './schemas';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const ZStudy = z.object({
  id: z.uuid(), status: z.enum(STUDY_STATUSES), modelVersionId: z.uuid(), datasetId: z.uuid(), seed: z.number(), attempt: z.number(),
  workerId: z.string().nullable(), cancelRequested: z.boolean(), createdById: z.string().nullable(), createdAt: z.string(), startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(), error: z.string().nullable(), errorDetails: z.array(z.unknown()).nullable(),
  /** The searched metric and its goal (from the hyperopt section). */
  goal: z.enum(['minimize', 'maximize']), metric: z.string(), outputFeature: z.string(), split: z.string(), numSamples: z.number(),
  /** The searched parameters, in the config's order (the trials table's columns). */
  parameters: z.array(z.string()),
  bestTrialId: z.string().nullable(), resultVersionId: z.string().nullable(), statisticsArtifactId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()).nullable(),
});

const ZTrial = z.object({
  id: z.uuid(), index: z.number(), status: z.enum(TRIAL_STATUSES), parameters: z.record(z.string(), z.unknown()), runId: z.string().nullable(),
  metricScore: z.number().nullable(), reports: z.array(z.object({ step: z.number(), score: z.number() })), stoppedBy: z.string().nullable(),
  error: z.string().nullable(), createdAt: z.string(), finishedAt: z.string().nullable(),
  /** The run's progress (0-100) and status while it trains. */
  runStatus: z.string().nullable(), progressPct: z.number().nullable(),
});

const studyOut = (s: Study) => {
  const h = s.hyperopt as { goal: 'minimize' | 'maximize'; metric: string; output_feature: string; split: string; parameters: Record<string, unknown>; executor: { num_samples: number } };
  return {
    id: s.id, status: s.status, modelVersionId: s.modelVersionId, datasetId: s.datasetId, seed: s.seed, attempt: s.attempt, workerId: s.workerId,
    cancelRequested: s.cancelRequestedAt !== null, createdById: s.createdById, createdAt: s.createdAt.toISOString(), startedAt: iso(s.startedAt), finishedAt: iso(s.finishedAt),
    error: s.error, errorDetails: s.errorDetails, goal: h.goal, metric: h.metric, outputFeature: h.output_feature, split: h.split, numSamples: h.executor.num_samples,
    parameters: s.parameterNames.length > 0 ? s.parameterNames : Object.keys(h.parameters), bestTrialId: s.bestTrialId, resultVersionId: s.resultVersionId, statisticsArtifactId: s.statisticsArtifactId, summary: s.summary,
  };
};
const trialOut = (t: StudyTrial, run?: { status: string; progressPct: number }) => ({
  id: t.id, index: t.index, status: t.status, parameters: t.parameters, runId: t.runId, metricScore: t.metricScore, reports: t.reports, stoppedBy: t.stoppedBy,
  error: t.error, createdAt: t.createdAt.toISOString(), finishedAt: iso(t.finishedAt), runStatus: run?.status ?? null, progressPct: run?.progressPct ?? null,
});

export const createStudyEndpoint = endpoint({
  method: 'POST', path: '/api/studies', tag: 'studies', access: 'member', status: 201,
  summary: "Search hyperparameters of a model version whose config has a hyperopt section: writes the study (queued), then queues its hyperopt.study coordinator; each trial is a run of the version",
  body: z.object({ versionId: z.uuid(), datasetId: z.uuid().optional(), seed: z.number().int().min(0).max(2 ** 31 - 1).optional() }),
  response: z.object({ id: z.uuid(), status: z.enum(STUDY_STATUSES) }),
  async handler({ app, actor, body }) {
    const study = await startStudy(app, actor, body);
    return { id: study.id, status: study.status };
  },
});

export const listStudiesEndpoint = endpoint({
  method: 'GET', path: '/api/studies', tag: 'studies', access: 'viewer', summary: 'Hyperparameter studies, newest first; filter by version; page with `before` (a createdAt)',
  query: z.object({ versionId: z.uuid().optional(), before: z.coerce.date().optional(), limit: z.coerce.number().int().min(1).max(500).default(50) }),
  response: z.object({ studies: z.array(ZStudy.extend({ trials: z.number() })) }),
  async handler({ app, query }) {
    const rows = await listStudies(app.db, { modelVersionId: query.versionId, before: query.before, limit: query.limit });
    return { studies: rows.map((s) => ({ ...studyOut(s), trials: typeof s.summary?.trials === 'number' ? s.summary.trials : 0 })) };
  },
});

export const getStudyEndpoint = endpoint({
  method: 'GET', path: '/api/studies/{id}', tag: 'studies', access: 'viewer', summary: 'A study with its trials (parameters, status, metric score, reports, run)',
  params: ZIdParams, response: ZStudy.extend({ modelId: z.string(), modelName: z.string(), version: z.number(), trials: z.array(ZTrial) }),
  async handler({ app, params }) {
    const study = await requireStudy(app, params.id);
    const version = await getModelVersion(app.db, study.modelVersionId);
    const model = version ? await getModel(app.db, version.modelId) : null;
    const trials = await listStudyTrials(app.db, study.id);
    const runIds = trials.map((t) => t.runId).filter((id): id is string => id !== null);
    const runRows = runIds.length > 0 ? await app.db.select({ id: runs.id, status: runs.status, progressPct: runs.progressPct }).from(runs).where(inArray(runs.id, runIds)) : [];
    const byId = new Map(runRows.map((r) => [r.id, r]));
    return { ...studyOut(study), modelId: version?.modelId ?? '', modelName: model?.name ?? '', version: version?.version ?? 0, trials: trials.map((t) => trialOut(t, t.runId ? byId.get(t.runId) : undefined)) };
  },
});

export const cancelStudyEndpoint = endpoint({
  method: 'POST', path: '/api/studies/{id}/cancel', tag: 'studies', access: 'member',
  summary: 'Cancel: a queued study at once; a running one stops proposing trials and cancels its running trials',
  params: ZIdParams, response: ZStudy,
  async handler({ app, actor, params }) {
    return studyOut(await cancelStudy(app, actor, params.id));
  },
});

export const studyEventsEndpoint = endpoint({
  method: 'GET', path: '/api/studies/{id}/events', tag: 'studies', access: 'viewer', produces: ['text/event-stream'],
  summary: "Live events of a study (Server-Sent Events: a trial started, reported or ended; the study's status); reconnect with Last-Event-ID; ends after `end`",
  params: ZIdParams, query: z.object({ lastEventId: z.string().optional() }),
  async handler({ app, actor, params, query, request }) {
    const study = await requireStudy(app, params.id);
    const lastEventId = request.headers.get('last-event-id') ?? query.lastEventId ?? null;
    const finished = study.status === 'completed' || study.status === 'failed' || study.status === 'cancelled';
    if (finished && !(await app.redis.exists(keys.studyEvents(app.env.OVERTURE_REDIS_PREFIX, study.id)))) {
      const end = { type: 'end', studyId: study.id, ts: (study.finishedAt ?? new Date()).getTime(), status: study.status };
      return new Response(`retry: 2000\n\ndata: ${JSON.stringify(end)}\n\n`, { headers: SSE_HEADERS });
    }
    const slot = app.streams.acquire(actor.userId ?? actor.apiKeyId ?? actor.kind);
    if ('refused' in slot) throw tooManyStreams(slot.refused);
    const connection = app.redis.duplicate();
    connection.on('error', () => undefined);
    const stream = studyEventsSseStream(connection, { prefix: app.env.OVERTURE_REDIS_PREFIX, studyId: study.id, lastEventId });
    return new Response(releasingOnEnd(stream, slot.release), { headers: SSE_HEADERS });
  },
});
