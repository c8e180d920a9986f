import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { datasets } from './datasets.js';

export const models = pgTable('models', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
  name: text('name').notNull(),
  description: text('description'),
  datasetId: uuid('dataset_id').references(() => datasets.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('models_owner_idx').on(t.ownerId, t.createdAt)]);

/**
 * Every saved config is an immutable version (a trigger in the migrations refuses UPDATE), so
 * lineage (`parent_version_id`) and diffs are free.
 */
export const modelVersions = pgTable('model_versions', {
  id: uuid('id').primaryKey().defaultRandom(),
  modelId: uuid('model_id').notNull().references(() => models.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  /** The YAML exactly as the user wrote it. */
  yaml: text('yaml').notNull(),
  resolvedConfig: jsonb('resolved_config').$type<Record<string, unknown>>().notNull(),
  parentVersionId: uuid('parent_version_id').references((): AnyPgColumn => modelVersions.id, { onDelete: 'set null' }),
  authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
  message: text('message'),
  /** The config of an imported model bundle (no parent: it was written outside this platform). */
  imported: boolean('imported').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('model_versions_model_version_key').on(t.modelId, t.version)]);
