import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { runs } from './runs.js';
import { datasets } from './datasets.js';

/** Files in the artifact store (DATA_DIR) that belong to a run or a dataset. */
export const artifacts = pgTable('artifacts', {
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id').references(() => runs.id, { onDelete: 'cascade' }),
  datasetId: uuid('dataset_id').references(() => datasets.id, { onDelete: 'cascade' }),
  /** model_bundle, training_statistics, test_statistics, feature_importance, evaluation, predictions… */
  kind: text('kind').notNull(),
  /** Relative to DATA_DIR; a directory for bundles. */
  path: text('path').notNull(),
  sizeBytes: bigint('size_bytes', { mode: 'number' }),
  contentType: text('content_type'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('artifacts_path_key').on(t.path),
  index('artifacts_run_idx').on(t.runId, t.kind),
]);
