import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { userRole, users } from './users.js';

/** An admin's invitation: the link carries a random token; only its SHA-256 is stored. */
export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-cased. */
  email: text('email').notNull(),
  role: userRole('role').notNull().default('member'),
  tokenHash: text('token_hash').notNull().unique(),
  invitedById: uuid('invited_by_id').references(() => users.id, { onDelete: 'set null' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('invitations_email_idx').on(t.email)]);
