import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { apiKeys, invitations, sessions, users } from '../schema/index.js';

export type User = typeof users.$inferSelect;
export type UserRole = User['role'];
export type ApiKey = typeof apiKeys.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row.n;
}

export async function createUser(db: Database, input: { email: string; name?: string | null; passwordHash: string; role: UserRole }): Promise<User> {
  const [row] = await db.insert(users).values({ ...input, email: input.email.toLowerCase() }).returning();
  return row;
}

/**
 * Creates the first admin only while there are no users (the one-time "create admin" page and
 * OVERTURE_ADMIN_EMAIL): a lock on the table makes two concurrent first visits create one admin.
 * Returns null when a user already exists.
 */
export async function createFirstAdmin(db: Database, input: { email: string; name?: string | null; passwordHash: string }): Promise<User | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(users);
    if (n > 0) return null;
    const [row] = await tx.insert(users).values({ ...input, email: input.email.toLowerCase(), role: 'admin' }).returning();
    return row;
  });
}

export async function getUserByEmail(db: Database, email: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row ?? null;
}

export async function getUser(db: Database, id: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function listUsers(db: Database): Promise<User[]> {
  return db.select().from(users).orderBy(asc(users.createdAt));
}

/** Why a change to a user was refused: there is no such user, or it would leave no admin. */
export type UserChangeRefusal = 'not_found' | 'last_admin';

/**
 * Runs `change` on a user in a transaction that first locks every admin row (`FOR UPDATE`), so two
 * concurrent demotions or deletions of the last two admins cannot both pass the "another admin is
 * left" check: the second waits, then sees one admin and is refused.
 */
async function changeKeepingAnAdmin<T>(db: Database, id: string, removesAdmin: (user: User) => boolean, change: (tx: Database, user: User) => Promise<T>): Promise<T | UserChangeRefusal> {
  return db.transaction(async (tx) => {
    const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).orderBy(asc(users.id)).for('update');
    const [user] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!user) return 'not_found';
    if (removesAdmin(user) && !admins.some((a) => a.id !== user.id)) return 'last_admin';
    return change(tx as unknown as Database, user);
  });
}

/** Sets a role (returns the user and the role it had); refused when it would demote the last admin. */
export async function updateUserRole(db: Database, id: string, role: UserRole): Promise<{ user: User; previousRole: UserRole } | UserChangeRefusal> {
  return changeKeepingAnAdmin(db, id, (user) => user.role === 'admin' && role !== 'admin', async (tx, before) => {
    const [row] = await tx.update(users).set({ role }).where(eq(users.id, id)).returning();
    return { user: row, previousRole: before.role };
  });
}

/** Deletes a user (sessions and keys cascade); refused when it is the last admin. */
export async function deleteUser(db: Database, id: string): Promise<User | UserChangeRefusal> {
  return changeKeepingAnAdmin(db, id, (user) => user.role === 'admin', async (tx, user) => {
    await tx.delete(users).where(eq(users.id, id));
    return user;
  });
}

export async function countAdmins(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.role, 'admin'));
  return row.n;
}

// Sessions: the cookie holds a random token; the table holds its SHA-256.

export async function createSession(db: Database, input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
  await db.insert(sessions).values(input);
}

/** The user of an unexpired session, or null. */
export async function getSessionUser(db: Database, tokenHash: string): Promise<{ user: User; expiresAt: Date } | null> {
  const [row] = await db.select({ user: users, expiresAt: sessions.expiresAt }).from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  return row ?? null;
}

export async function deleteSession(db: Database, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: Database): Promise<number> {
  const rows = await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`)).returning({ t: sessions.tokenHash });
  return rows.length;
}

// API keys: random tokens looked up by SHA-256 (DESIGN "Known traps").

export async function createApiKey(db: Database, input: { userId: string; name: string; prefix: string; keyHash: string }): Promise<ApiKey> {
  const [row] = await db.insert(apiKeys).values(input).returning();
  return row;
}

/**
 * Creates a key unless the user already holds `max` unrevoked ones ('limit'); the user's row is
 * locked while counting, so concurrent requests cannot pass the cap together.
 */
export async function createApiKeyWithinLimit(db: Database, input: { userId: string; name: string; prefix: string; keyHash: string }, max: number): Promise<ApiKey | 'limit'> {
  return db.transaction(async (tx) => {
    await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for('update');
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(apiKeys).where(and(eq(apiKeys.userId, input.userId), isNull(apiKeys.revokedAt)));
    if (n >= max) return 'limit';
    const [row] = await tx.insert(apiKeys).values(input).returning();
    return row;
  });
}

/** An unrevoked key and its user, or null. */
export async function getApiKeyByHash(db: Database, keyHash: string): Promise<{ key: ApiKey; user: User } | null> {
  const [row] = await db.select({ key: apiKeys, user: users }).from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row ?? null;
}

export async function getApiKey(db: Database, id: string): Promise<ApiKey | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row ?? null;
}

/** Keys of one user (or of everyone), newest first, revoked ones included. */
export async function listApiKeys(db: Database, userId?: string): Promise<ApiKey[]> {
  return db.select().from(apiKeys).where(userId ? eq(apiKeys.userId, userId) : undefined).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Database, id: string): Promise<ApiKey | null> {
  const [row] = await db.update(apiKeys).set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` }).where(eq(apiKeys.id, id)).returning();
  return row ?? null;
}

/** Records use at most once a minute per key (a write per request would cost more than the lookup). */
export async function touchApiKey(db: Database, id: string): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiKeys.id, id), sql`(${apiKeys.lastUsedAt} IS NULL OR ${apiKeys.lastUsedAt} < now() - interval '1 minute')`));
}

// Invitations.

export async function createInvitation(db: Database, input: { email: string; role: UserRole; tokenHash: string; invitedById: string | null; expiresAt: Date }): Promise<Invitation> {
  const [row] = await db.insert(invitations).values({ ...input, email: input.email.toLowerCase() }).returning();
  return row;
}

/** An invitation that is neither accepted nor expired, or null. */
export async function getOpenInvitation(db: Database, tokenHash: string): Promise<Invitation | null> {
  const [row] = await db.select().from(invitations)
    .where(and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)));
  return row ?? null;
}

export async function listInvitations(db: Database): Promise<Invitation[]> {
  return db.select().from(invitations).orderBy(desc(invitations.createdAt));
}

export async function deleteInvitation(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(invitations).where(eq(invitations.id, id)).returning({ id: invitations.id });
  return rows.length > 0;
}

/**
 * Accepts an open invitation: marks it used and creates its user, in one transaction, so a link
 * works once. Returns null when the invitation is used, expired or unknown.
 */
export async function acceptInvitation(db: Database, input: { tokenHash: string; name?: string | null; passwordHash: string }): Promise<User | null> {
  return db.transaction(async (tx) => {
    const [invitation] = await tx.update(invitations).set({ acceptedAt: sql`now()` })
      .where(and(eq(invitations.tokenHash, input.tokenHash), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`)))
      .returning();
    if (!invitation) return null;
    const [user] = await tx.insert(users).values({ email: invitation.email, name: input.name ?? null, passwordHash: input.passwordHash, role: invitation.role }).returning();
    return user;
  });
}
