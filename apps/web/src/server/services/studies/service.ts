import { upgradeConfigText } from '@overture/config';
import {
  createStudy, getDataset, getModel, getModelVersion, getStudy, listStudyTrials, recordAudit, requestStudyCancel, type Study,
} from '@overture/db';
import { enqueue, removeWaitingJob } from '@overture/jobs';
import type { Actor } from '../../auth/actor';
import { assertCanChange } from '../../auth/actor';
import type { AppContext } from '../../context';
import { ApiError, badInput, conflict, notFound } from '../../errors';
import { currentRequestId } from '../../observability/request-scope';
import { datasetColumnNames, requireVersion } from '../models/service';
import { parseConfigForDataset } from '../models/config-text';

/**
 * Trials one study may ask for (num_samples times every grid_search's values): each trial is a run
 * with its own rows, files and worker time, so a typo of a few zeros must not queue a year of training.
 */
export const MAX_STUDY_TRIALS = 1000;

export async function requireStudy(ctx: AppContext, id: string): Promise<Study> {
  const study = await getStudy(ctx.db, id);
  if (!study) throw notFound(`study ${id}`);
  return study;
}

/** Who may cancel a study besides an admin: whoever started it and the owner of its model. */
async function studyOwners(ctx: AppContext, study: Study): Promise<(string | null)[]> {
  const version = await getModelVersion(ctx.db, study.modelVersionId);
  const model = version ? await getModel(ctx.db, version.modelId) : null;
  return [study.createdById, model?.ownerId ?? null];
}

/**
 * Starts a hyperparameter search over a version whose config has a `hyperopt` section: writes the
 * study row (queued) and then enqueues its `hyperopt.study` coordinator (job id = study id).
 * The config is validated again against the dataset (errors are 400s with their paths).
 */
export async function startStudy(ctx: AppContext, actor: Actor, input: { versionId: string; datasetId?: string; seed?: number }): Promise<Study> {
  const version = await requireVersion(ctx, input.versionId);
  const model = await getModel(ctx.db, version.modelId);
  // Each trial is a run of the model, and the best trial becomes a version of it: the model is its owner's.
  assertCanChange(actor, model?.ownerId, 'the model owner', 'search its hyperparameters; fork it to search your own copy');
  const datasetId = input.datasetId ?? model?.datasetId;
  if (!datasetId) throw badInput('this model has no dataset any more: pass datasetId.', [{ path: 'datasetId', message: 'required' }]);
  const dataset = await getDataset(ctx.db, datasetId);
  if (!dataset) throw notFound(`dataset ${datasetId}`);
  if (dataset.status !== 'ready') throw conflict(`dataset '${dataset.name}' is ${dataset.status}${dataset.error ? ` (${dataset.error})` : ''}: a search needs a profiled dataset.`);
  const resolved = parseConfigForDataset(version.yaml, await datasetColumnNames(ctx, datasetId));
  const hyperopt = resolved.config.hyperopt;
  if (!hyperopt) {
    throw new ApiError('invalid_config', 'this version has no hyperopt section: add one with the parameters to search, e.g. hyperopt: {parameters: {trainer.learning_rate: {space: loguniform, lower: 0.0001, upper: 0.1}}}', [
      { path: 'hyperopt', message: 'missing' },
    ]);
  }
  // Synchronous hyperband pauses trials at each rung and resumes the best from their checkpoints; the
  // platform's trial jobs cannot be paused yet (the CLI's trial processes can).
  if (hyperopt.executor.scheduler.type === 'hyperband') {
    throw new ApiError('unsupported', "the hyperband scheduler is not supported yet on the platform (it pauses and resumes trials): use async_hyperband, which stops weak trials at the same rungs, or run `overture hyperopt`", [
      { path: 'hyperopt.executor.scheduler.type', message: "'hyperband' is not supported yet on the platform", suggestion: "use 'async_hyperband'" },
    ]);
  }
  const grid = Object.values(hyperopt.parameters).reduce((n, p) => n * ((p as { space: string; values?: unknown[] }).space === 'grid_search' ? (p as { values: unknown[] }).values.length : 1), 1);
  const trials = hyperopt.executor.num_samples * grid;
  if (trials > MAX_STUDY_TRIALS) {
    throw badInput(`this search asks for ${trials} trials (num_samples ${hyperopt.executor.num_samples}${grid > 1 ? ` times ${grid} grid points` : ''}); the platform runs at most ${MAX_STUDY_TRIALS} per study: lower hyperopt.executor.num_samples`, [
      { path: 'hyperopt.executor.num_samples', message: `at most ${MAX_STUDY_TRIALS} trials per study (grid points included)` },
    ]);
  }
  // Sampled values are merged into the config as written (before defaults), as the CLI does.
  const { config: written } = upgradeConfigText(version.yaml);
  const study = await createStudy(ctx.db, {
    modelVersionId: version.id, datasetId, baseConfig: written as Record<string, unknown>, hyperopt: hyperopt as unknown as Record<string, unknown>,
    seed: input.seed, createdById: actor.userId,
  });
  try {
    await enqueue(ctx.queues, 'hyperopt.study', { studyId: study.id }, {}, { requestId: currentRequestId() });
  } catch (error) {
    await requestStudyCancel(ctx.db, study.id).catch(() => undefined);
    throw new ApiError('unavailable', `the job queue is unavailable (${(error as Error).message}); the study was cancelled, start it again.`);
  }
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'study.create', targetType: 'study', targetId: study.id });
  return study;
}

/** Cancels a queued study at once, or asks its coordinator to stop it and cancel its running trials. */
export async function cancelStudy(ctx: AppContext, actor: Actor, studyId: string): Promise<Study> {
  const study = await requireStudy(ctx, studyId);
  assertCanChange(actor, await studyOwners(ctx, study), 'whoever started the study, the model owner', 'cancel it');
  const updated = await requestStudyCancel(ctx.db, studyId);
  if (!updated) throw conflict(`study ${studyId} has already finished (${study.status}).`);
  if (updated.status === 'cancelled') await removeWaitingJob(ctx.queues, 'hyperopt.study', studyId).catch(() => false);
  await recordAudit(ctx.db, { actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'study.cancel', targetType: 'study', targetId: studyId });
  return updated;
}

export { listStudyTrials };
