import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * A SQL source a dataset was snapshotted from. The connection URL (with its password) is stored
 * only encrypted (AES-256-GCM under OVERTURE_SECRET, by the web app) and never returned by the API.
 */
export const sourceConnections = pgTable('source_connections', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
  type: text('type').notNull(),
  host: text('host').notNull(),
  port: integer('port'),
  database: text('database'),
  /** `v1:<iv>:<tag>:<ciphertext>`, base64url parts. */
  encryptedUrl: text('encrypted_url').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
