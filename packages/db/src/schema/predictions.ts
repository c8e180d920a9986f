import { integer, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { artifacts } from './artifacts.js';
import { datasets } from './datasets.js';
import { runs } from './runs.js';
import { users } from './users.js';

export const batchPredictionStatus = pgEnum('batch_prediction_status', ['queued', 'running', 'completed', 'failed']);

/**
 * One batch prediction (a `prediction.batch` job, whose BullMQ id is this row's id). Its output
 * file is named after this id, never after a Redis counter: BullMQ ids restart when Redis is
 * emptied, and a new job would overwrite an old result.
 */
export const batchPredictions = pgTable('batch_predictions', {
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
  datasetId: uuid('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
  status: batchPredictionStatus('status').notNull().default('queued'),
  rows: integer('rows'),
  failedRows: integer('failed_rows'),
  error: text('error'),
  artifactId: uuid('artifact_id').references(() => artifacts.id, { onDelete: 'set null' }),
  createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
