import { pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { modelVersions } from './models.js';
import { runs } from './runs.js';

export const deploymentStatus = pgEnum('deployment_status', ['active', 'inactive']);

/** A named endpoint (`/predict/<name>`) serving the bundle of one completed run. */
export const deployments = pgTable('deployments', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  modelVersionId: uuid('model_version_id').notNull().references(() => modelVersions.id, { onDelete: 'restrict' }),
  runId: uuid('run_id').notNull().references(() => runs.id, { onDelete: 'restrict' }),
  status: deploymentStatus('status').notNull().default('active'),
  createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
