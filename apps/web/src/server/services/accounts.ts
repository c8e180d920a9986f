import {
  acceptInvitation, countAdmins, countUsers, createFirstAdmin, createInvitation, createSession, deleteSession, deleteUser,
  getUser, getUserByEmail, updateUserRole, type Database, type User, type UserRole,
} from '@overture/db';
import type { WebEnv } from '../env';
import type { Actor } from '../auth/actor';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { randomToken, sha256 } from '../auth/tokens';
import { ApiError, conflict, notFound } from '../errors';

export interface PublicUser {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
  createdAt: string;
}

export function publicUser(user: User): PublicUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, createdAt: user.createdAt.toISOString() };
}

/** First start: the admin named by OVERTURE_ADMIN_EMAIL/PASSWORD, when there are no users yet. */
export async function bootstrapAdmin(db: Database, env: Pick<WebEnv, 'OVERTURE_ADMIN_EMAIL' | 'OVERTURE_ADMIN_PASSWORD'>, log: (m: string) => void): Promise<void> {
  if (!env.OVERTURE_ADMIN_EMAIL || !env.OVERTURE_ADMIN_PASSWORD) return;
  if ((await countUsers(db)) > 0) return;
  const created = await createFirstAdmin(db, { email: env.OVERTURE_ADMIN_EMAIL, passwordHash: await hashPassword(env.OVERTURE_ADMIN_PASSWORD) });
  if (created) log(`created the admin ${created.email} from OVERTURE_ADMIN_EMAIL`);
}

/** Whether the one-time "create admin" page is still open. */
export async function needsSetup(db: Database): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

export interface NewSession {
  token: string;
  expiresAt: Date;
  user: User;
}

async function startSession(db: Database, user: User, hours: number): Promise<NewSession> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  await createSession(db, { tokenHash: sha256(token), userId: user.id, expiresAt });
  return { token, expiresAt, user };
}

/** The one-time "create admin" form: refused once any user exists. */
export async function setupAdmin(db: Database, input: { email: string; name?: string; password: string }, sessionHours: number): Promise<NewSession> {
  const user = await createFirstAdmin(db, { email: input.email, name: input.name ?? null, passwordHash: await hashPassword(input.password) });
  if (!user) throw conflict('the platform already has an admin: sign in instead.');
  return startSession(db, user, sessionHours);
}

export async function login(db: Database, input: { email: string; password: string }, sessionHours: number): Promise<NewSession> {
  const user = await getUserByEmail(db, input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !ok) throw new ApiError('unauthorized', 'wrong email or password.');
  return startSession(db, user, sessionHours);
}

export async function logout(db: Database, sessionHash: string | undefined): Promise<void> {
  if (sessionHash) await deleteSession(db, sessionHash);
}

/** An invitation link's token (shown once to the admin) and its expiry. */
export async function inviteUser(db: Database, actor: Actor, input: { email: string; role: UserRole }, days = 7) {
  if (await getUserByEmail(db, input.email)) throw conflict(`${input.email} already has an account.`);
  const token = randomToken();
  const invitation = await createInvitation(db, {
    email: input.email, role: input.role, tokenHash: sha256(token), invitedById: actor.userId, expiresAt: new Date(Date.now() + days * 86_400_000),
  });
  return { invitation, token };
}

export async function acceptInvite(db: Database, input: { token: string; name?: string; password: string }, sessionHours: number): Promise<NewSession> {
  let user: User | null;
  try {
    user = await acceptInvitation(db, { tokenHash: sha256(input.token), name: input.name ?? null, passwordHash: await hashPassword(input.password) });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw conflict('an account with this email already exists: sign in instead.');
    throw error;
  }
  if (!user) throw new ApiError('not_found', 'this invitation link is not valid: it was already used, has expired, or was withdrawn. Ask your admin for a new one.');
  return startSession(db, user, sessionHours);
}

/** Changes a role, keeping at least one admin. */
export async function changeRole(db: Database, userId: string, role: UserRole): Promise<User> {
  const user = await getUser(db, userId);
  if (!user) throw notFound(`user ${userId}`);
  if (user.role === 'admin' && role !== 'admin' && (await countAdmins(db)) <= 1) throw conflict('this is the last admin: make someone else admin first.');
  return (await updateUserRole(db, userId, role))!;
}

export async function removeUser(db: Database, actor: Actor, userId: string): Promise<void> {
  const user = await getUser(db, userId);
  if (!user) throw notFound(`user ${userId}`);
  if (user.id === actor.userId) throw conflict('you cannot delete your own account.');
  if (user.role === 'admin' && (await countAdmins(db)) <= 1) throw conflict('this is the last admin.');
  await deleteUser(db, userId);
}
