import { bigint, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from './users.js';

export const datasetSource = pgEnum('dataset_source', ['upload', 'sql', 'url', 'sample']);
export const datasetStatus = pgEnum('dataset_status', ['uploading', 'profiling', 'ready', 'failed']);

export const datasets = pgTable('datasets', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
  name: text('name').notNull(),
  source: datasetSource('source').notNull(),
  /** Source specifics (original file name, SQL query and connection id, URL); never credentials. */
  sourceDetails: jsonb('source_details').$type<Record<string, unknown>>().notNull().default({}),
  /** Path of the stored file relative to DATA_DIR (the artifact store). */
  storagePath: text('storage_path').notNull(),
  format: text('format'),
  /** SHA-256 of the stored bytes: the preprocessing cache and lineage key. */
  contentHash: text('content_hash'),
  sizeBytes: bigint('size_bytes', { mode: 'number' }),
  rowCount: integer('row_count'),
  /**
   * The dataset this one is a newer snapshot of (a SQL source refreshed): a refresh never rewrites
   * a snapshot, since runs trained on it must keep their data. Unlinked when that one is deleted.
   */
  refreshedFromId: uuid('refreshed_from_id').references((): AnyPgColumn => datasets.id, { onDelete: 'set null' }),
  status: datasetStatus('status').notNull().default('uploading'),
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('datasets_owner_idx').on(t.ownerId, t.createdAt), index('datasets_refreshed_from_idx').on(t.refreshedFromId)]);

/** One row per column of a profiled dataset (ZColumnProfile in @overture/config). */
export const datasetColumns = pgTable('dataset_columns', {
  datasetId: uuid('dataset_id').notNull().references(() => datasets.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  inferredType: text('inferred_type').notNull(),
  inferenceReason: text('inference_reason'),
  missingRatio: doublePrecision('missing_ratio').notNull(),
  distinctCount: integer('distinct_count').notNull(),
  topValues: jsonb('top_values').$type<{ value: string; count: number }[]>().notNull().default([]),
  histogram: jsonb('histogram').$type<{ start: number; end: number; count: number }[] | null>(),
  /** The rest of the column profile (numeric summary, average words, id-likeness). */
  stats: jsonb('stats').$type<Record<string, unknown>>().notNull().default({}),
}, (t) => [primaryKey({ columns: [t.datasetId, t.position] })]);
