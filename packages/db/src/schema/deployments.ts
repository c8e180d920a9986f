import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { modelVersions } from './models.js';
import { runs } from './runs.js';

export const deploymentStatus = pgEnum('deployment_status', ['active', 'inactive']);

/**
 * A named endpoint (`/predict/<name>`) serving the bundle of one completed run (the primary), with
 * an optional traffic split: a canary run answers `canary_percent` of the requests, a shadow run is
 * sent a copy of `shadow_percent` of them (its answers are logged, never returned). A split's run
 * must be of the same model (checked by the web: a CHECK cannot see another table).
 */
export const deployments = pgTable('deployments', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  modelVersionId: uuid('model_version_id').notNull().references(() => modelVersions.id, { onDelete: 'restrict' }),
  runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'restrict' }),
  status: deploymentStatus('status').notNull().default('active'),
  canaryRunId: uuid('canary_run_id').references(() => runs.id, { onDelete: 'restrict' }),
  canaryPercent: integer('canary_percent').notNull().default(0),
  shadowRunId: uuid('shadow_run_id').references(() => runs.id, { onDelete: 'restrict' }),
  shadowPercent: integer('shadow_percent').notNull().default(0),
  /** Share of requests (0–100, fractions allowed) whose rows and answers go to the prediction log: opt-in, 0 by default. */
  logPercent: real('log_percent').notNull().default(0),
  createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  check('deployments_canary_split', sql`${t.canaryPercent} BETWEEN 0 AND 100 AND (${t.canaryRunId} IS NOT NULL OR ${t.canaryPercent} = 0)`),
  check('deployments_shadow_split', sql`${t.shadowPercent} BETWEEN 0 AND 100 AND (${t.shadowRunId} IS NOT NULL OR ${t.shadowPercent} = 0)`),
  check('deployments_log_percent', sql`${t.logPercent} >= 0 AND ${t.logPercent} <= 100`),
]);

/** Which of a deployment's versions answered a logged request: `shadow` answers were never returned. */
export const predictionRole = pgEnum('prediction_role', ['primary', 'canary', 'shadow']);

/**
 * Sampled requests and answers of a deployment (its `log_percent`), and every shadow answer: what the
 * drift report and the shadow comparison read. Bounded by age and count per deployment (pruned on
 * write); a row holds at most a few hundred input rows (the logger cuts longer requests).
 */
export const predictionLog = pgTable('prediction_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  deploymentId: uuid('deployment_id').notNull().references(() => deployments.id, { onDelete: 'cascade' }),
  runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
  role: predictionRole('role').notNull(),
  /** The request id (X-Request-Id) the answer was sent under: a shadow answer names its request's. */
  requestId: text('request_id'),
  rowCount: integer('row_count').notNull(),
  /** The request's rows as `{column: value}` objects (the first `loggedRows` of them). */
  instances: jsonb('instances').$type<Record<string, unknown>[]>().notNull(),
  /** The answer's `predictions` for those rows; null when the model failed (see `error`). */
  predictions: jsonb('predictions').$type<unknown[] | null>(),
  /** A shadow entry's comparison: what the version that did answer returned for those rows. */
  answeredPredictions: jsonb('answered_predictions').$type<unknown[] | null>(),
  error: text('error'),
  latencyMs: real('latency_ms').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('prediction_log_deployment_idx').on(t.deploymentId, t.id)]);
