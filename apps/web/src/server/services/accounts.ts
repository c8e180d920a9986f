import {
  acceptInvitation, countUsers, createFirstAdmin, createInvitation, createSession, deleteSession, deleteUser,
  getOpenInvitation, getUserByEmail, recordAudit, updateUserRole, type Database, type User, type UserRole,
} from '@overture/db';
import type { WebEnv } from '../env';
import type { Actor } from '../auth/actor';
import { accountSubject, tooManyAttempts, type ThrottleSubject } from '../auth/login-throttle';
import { assertStrongPassword } from '../auth/password-policy';
import type { AppContext } from '../context';
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

/** What the sign-in services need of the app: the database, the throttle and the session length. */
export type AccountsContext = Pick<AppContext, 'db' | 'throttle'> & { env: Pick<WebEnv, 'OVERTURE_SESSION_HOURS'> };

/** Counts an attempt, or throws the 429 while one of the subjects is locked out. */
async function throttle(app: AccountsContext, subjects: ThrottleSubject[], what: string) {
  const attempt = await app.throttle.attempt(subjects);
  if (!attempt.allowed) throw tooManyAttempts(attempt.retryAfter, what);
  return attempt;
}

/** The one-time "create admin" form: refused once any user exists. */
export async function setupAdmin(app: AccountsContext, input: { email: string; name?: string; password: string }, client: ThrottleSubject | null): Promise<NewSession> {
  assertStrongPassword(input.password, input);
  const subjects = client ? [client] : [];
  await throttle(app, subjects, 'attempts to create the admin');
  const user = await createFirstAdmin(app.db, { email: input.email, name: input.name ?? null, passwordHash: await hashPassword(input.password) });
  if (!user) throw conflict('the platform already has an admin: sign in instead.');
  await app.throttle.succeeded(subjects);
  return startSession(app.db, user, app.env.OVERTURE_SESSION_HOURS);
}

/**
 * Email and password: throttled per account and per client address before the password is even
 * checked (LoginThrottle); failures and lockouts go to the audit log; a success resets the account.
 */
export async function login(app: AccountsContext, input: { email: string; password: string }, client: ThrottleSubject | null): Promise<NewSession> {
  const account = accountSubject(input.email);
  const subjects = client ? [account, client] : [account];
  const attempt = await throttle(app, subjects, 'sign-in attempts');
  const user = await getUserByEmail(app.db, input.email);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !ok) {
    // Whoever tried is unknown: the account is the target, the email and address are in the details.
    const who = { actorUserId: null, targetType: 'user', targetId: user?.id ?? null };
    const details = { email: account.id, ip: client?.id ?? null };
    await recordAudit(app.db, { ...who, action: 'auth.login_failed', details });
    for (const lock of attempt.lockedNow) await recordAudit(app.db, { ...who, action: 'auth.lockout', details: { ...details, by: lock.subject.kind, seconds: lock.seconds } });
    throw new ApiError('unauthorized', 'wrong email or password.');
  }
  await app.throttle.succeeded(subjects);
  return startSession(app.db, user, app.env.OVERTURE_SESSION_HOURS);
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

/** Creates the invited account; a link that does not work counts against the client's address. */
export async function acceptInvite(app: AccountsContext, input: { token: string; name?: string; password: string }, client: ThrottleSubject | null): Promise<NewSession> {
  const subjects = client ? [client] : [];
  await throttle(app, subjects, 'invitation links');
  const open = await getOpenInvitation(app.db, sha256(input.token));
  if (!open) throw invalidInvitation();
  // A working link gives its attempt back at once: only guessed tokens count (a weak password is no guess).
  await app.throttle.succeeded(subjects);
  assertStrongPassword(input.password, { email: open.email, name: input.name });
  let user: User | null;
  try {
    user = await acceptInvitation(app.db, { tokenHash: sha256(input.token), name: input.name ?? null, passwordHash: await hashPassword(input.password) });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw conflict('an account with this email already exists: sign in instead.');
    throw error;
  }
  if (!user) throw invalidInvitation();
  return startSession(app.db, user, app.env.OVERTURE_SESSION_HOURS);
}

const invalidInvitation = () => new ApiError('not_found', 'this invitation link is not valid: it was already used, has expired, or was withdrawn. Ask your admin for a new one.');

/** Changes a role; the database refuses to leave no admin (even under concurrent changes). */
export async function changeRole(db: Database, actor: Actor, userId: string, role: UserRole): Promise<User> {
  const result = await updateUserRole(db, userId, role);
  if (result === 'not_found') throw notFound(`user ${userId}`);
  if (result === 'last_admin') throw conflict('this is the last admin: make someone else admin first.');
  await recordAudit(db, {
    actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'user.role_change', targetType: 'user', targetId: userId,
    details: { from: result.previousRole, to: role },
  });
  return result.user;
}

export async function removeUser(db: Database, actor: Actor, userId: string): Promise<void> {
  if (userId === actor.userId) throw conflict('you cannot delete your own account.');
  const result = await deleteUser(db, userId);
  if (result === 'not_found') throw notFound(`user ${userId}`);
  if (result === 'last_admin') throw conflict('this is the last admin: make someone else admin first.');
  await recordAudit(db, {
    actorUserId: actor.userId, actorApiKeyId: actor.apiKeyId ?? null, action: 'user.delete', targetType: 'user', targetId: userId,
    details: { email: result.email, role: result.role },
  });
}
