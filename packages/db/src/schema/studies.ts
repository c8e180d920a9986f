import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { artifacts } from './artifacts.js';
import { datasets } from './datasets.js';
import { modelVersions } from './models.js';
import { runs } from './runs.js';
import { users } from './users.js';

/** queued → running → completed | failed | cancelled. */
export const studyStatus = pgEnum('study_status', ['queued', 'running', 'completed', 'failed', 'cancelled']);
export const STUDY_STATUSES = studyStatus.enumValues;
export type StudyStatus = (typeof STUDY_STATUSES)[number];

/** queued → running → completed | stopped (early, by the scheduler or the budget: partial results kept) | failed | cancelled. */
export const trialStatus = pgEnum('trial_status', ['queued', 'running', 'completed', 'stopped', 'failed', 'cancelled']);
export const TRIAL_STATUSES = trialStatus.enumValues;
export type StudyTrialStatus = (typeof TRIAL_STATUSES)[number];

/**
 * A hyperparameter search over one model version (a `hyperopt.study` coordinator job, whose
 * BullMQ id is this row's id). The row and its trials are the coordinator's whole state: a
 * coordinator that dies is resumed by another worker from here.
 */
export const studies = pgTable('hyperopt_studies', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelVersionId: uuid('model_version_id').notNull().references(() => modelVersions.id, { onDelete: 'cascade' }),
  datasetId: uuid('dataset_id').notNull().references(() => datasets.id, { onDelete: 'restrict' }),
  /** The version's config as written and upgraded (sampled values are merged in before defaults apply). */
  baseConfig: jsonb('base_config').$type<Record<string, unknown>>().notNull(),
  /** The resolved hyperopt section (defaults filled in). */
  hyperopt: jsonb('hyperopt').$type<Record<string, unknown>>().notNull(),
  /** The searched parameters in the config's order (jsonb objects do not keep key order). */
  parameterNames: jsonb('parameter_names').$type<string[]>().notNull().default([]),
  seed: integer('seed').notNull().default(42),
  status: studyStatus('status').notNull().default('queued'),
  /** Incremented by each coordinator that takes the study; writes carrying an older attempt are refused. */
  attempt: integer('attempt').notNull().default(0),
  workerId: text('worker_id'),
  cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
  createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  error: text('error'),
  errorDetails: jsonb('error_details').$type<unknown[]>(),
  /** The best trial (the study's result) and the model version registered with its parameters. */
  bestTrialId: uuid('best_trial_id'),
  resultVersionId: uuid('result_version_id').references(() => modelVersions.id, { onDelete: 'set null' }),
  /** Ludwig's hyperopt_statistics.json in the artifact store. */
  statisticsArtifactId: uuid('statistics_artifact_id').references(() => artifacts.id, { onDelete: 'set null' }),
  /** Counts, budget, elapsed time (plain data for the study page). */
  summary: jsonb('summary').$type<Record<string, unknown>>(),
}, (t) => [
  index('hyperopt_studies_created_idx').on(t.createdAt),
  index('hyperopt_studies_version_idx').on(t.modelVersionId, t.createdAt),
]);

/** One trial: a sampled parameter set trained as a normal run (`hyperopt.trial` job, job id = run id). */
export const studyTrials = pgTable('hyperopt_trials', {
  id: uuid('id').primaryKey().defaultRandom(),
  studyId: uuid('study_id').notNull().references(() => studies.id, { onDelete: 'cascade' }),
  /** 0-based, in the order the sampler proposed trials (the engine's trial id). */
  index: integer('index').notNull(),
  parameters: jsonb('parameters').$type<Record<string, unknown>>().notNull(),
  status: trialStatus('status').notNull().default('queued'),
  runId: uuid('run_id').references(() => runs.id, { onDelete: 'set null' }),
  /** Ludwig's metric_score: the best value of the hyperopt metric over the trial's evaluations. */
  metricScore: doublePrecision('metric_score'),
  /** The metric score so far after each evaluation (by training step), in order: replayed into the scheduler on resume. */
  reports: jsonb('reports').$type<{ step: number; score: number }[]>().notNull().default([]),
  stoppedBy: text('stopped_by'),
  error: text('error'),
  /** The order trials ended in (replayed into the sampler on resume); null while not ended. */
  endSeq: integer('end_seq'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [unique('hyperopt_trials_study_index_key').on(t.studyId, t.index), index('hyperopt_trials_run_idx').on(t.runId)]);
