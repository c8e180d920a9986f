import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, type AnyPgColumn, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { datasets } from './datasets.js';
import { modelVersions } from './models.js';

/** queued → running → completed | failed | cancelled (running → queued when a worker releases it on shutdown). */
export const runStatus = pgEnum('run_status', ['queued', 'running', 'completed', 'failed', 'cancelled']);
export const RUN_STATUSES = runStatus.enumValues;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const runs = pgTable('runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelVersionId: uuid('model_version_id').notNull().references(() => modelVersions.id, { onDelete: 'cascade' }),
  /** The training data; null for a run imported from a bundle trained elsewhere (`overture train`). */
  datasetId: uuid('dataset_id').references(() => datasets.id, { onDelete: 'restrict' }),
  /** The resolved config this run trains (a copy: the row is the truth for the worker). */
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  seed: integer('seed').notNull().default(42),
  status: runStatus('status').notNull().default('queued'),
  /** `<hostname>:<pid of the worker process>` of the current (or last) attempt. */
  workerId: text('worker_id'),
  /** Incremented by each worker that claims the run; writes carrying an older attempt are refused. */
  attempt: integer('attempt').notNull().default(0),
  epoch: integer('epoch').notNull().default(0),
  step: integer('step').notNull().default(0),
  totalSteps: integer('total_steps'),
  progressPct: real('progress_pct').notNull().default(0),
  etaSeconds: real('eta_seconds'),
  cancelRequestedAt: timestamp('cancel_requested_at', { withTimezone: true }),
  createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  /** Last write by the worker holding the run (progress, metrics). */
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
  error: text('error'),
  errorCode: text('error_code'),
  errorDetails: jsonb('error_details').$type<unknown[]>(),
  /** Stop reason, best metric, resumed-from step… (plain data for the run page). */
  summary: jsonb('summary').$type<Record<string, unknown>>(),
  /** Not trained here: an uploaded model bundle (its origin is in `summary.import`). */
  imported: boolean('imported').notNull().default(false),
  /**
   * Fine-tuning (Ludwig's model_load_path): the completed run whose bundle this one starts from.
   * Kept when that run is deleted later (null then): this run's own bundle no longer needs it.
   */
  modelLoadRunId: uuid('model_load_run_id').references((): AnyPgColumn => runs.id, { onDelete: 'set null' }),
  /**
   * Continue training (Ludwig's model_resume_path): the completed run whose kept training state
   * (weights, optimizer, progress) this one continues for more epochs. Null once that run is deleted.
   */
  resumeRunId: uuid('resume_run_id').references((): AnyPgColumn => runs.id, { onDelete: 'set null' }),
}, (t) => [
  index('runs_status_idx').on(t.status, t.createdAt),
  index('runs_model_version_idx').on(t.modelVersionId, t.createdAt),
  index('runs_created_idx').on(t.createdAt),
  check('runs_dataset_or_imported', sql`${t.datasetId} IS NOT NULL OR ${t.imported}`),
]);

/**
 * One value per (run, split, output, metric, step). The primary key doubles as the chart index
 * (run, output, metric, split → steps in order) and makes re-sent points no-ops
 * (`ON CONFLICT DO NOTHING`), so a resumed attempt never duplicates rows.
 */
export const runMetrics = pgTable('run_metrics', {
  runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
  split: text('split').notNull(),
  output: text('output').notNull(),
  metric: text('metric').notNull(),
  step: integer('step').notNull(),
  epoch: integer('epoch').notNull(),
  value: doublePrecision('value').notNull(),
}, (t) => [primaryKey({ name: 'run_metrics_pkey', columns: [t.runId, t.output, t.metric, t.split, t.step] })]);

export const runLogs = pgTable('run_logs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
  attempt: integer('attempt').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  level: text('level').notNull().default('info'),
  message: text('message').notNull(),
}, (t) => [index('run_logs_run_idx').on(t.runId, t.id)]);
