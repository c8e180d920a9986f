import { getSessionUser, type User } from '@overture/db';
import { cookies, headers } from 'next/headers';
import { getContext } from '../context';
import { isSecureRequest, SESSION_COOKIE } from './cookies';
import { sha256 } from './tokens';
import type { NewSession } from '../services/accounts';

/** The signed-in user of a page request (server components), or null. */
export async function currentUser(): Promise<User | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const app = getContext();
  await app.ready;
  return (await getSessionUser(app.db, sha256(token)))?.user ?? null;
}

/** Sets the session cookie from a server action (login, setup, invitation). */
export async function setSessionCookie(session: NewSession): Promise<void> {
  const h = await headers();
  const secure = isSecureRequest(h, `http://${h.get('host') ?? 'localhost'}/`);
  (await cookies()).set(SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: session.expiresAt });
}
