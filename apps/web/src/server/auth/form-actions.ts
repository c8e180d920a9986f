'use server';
// Server actions of the login, "create admin" and invitation pages. Next checks their Origin
// against the Host (its CSRF defence for actions); the services are the same as the REST API's.
import { redirect } from 'next/navigation';
import { getContext } from '../context';
import { toErrorResponse } from '../errors';
import { acceptInvite, login, setupAdmin, type NewSession } from '../services/accounts';
import { clientAddress } from './login-throttle';
import { safeNextPath } from './next-path';
import { setSessionCookie } from './page-session';

type FormState = { error: string | null };
const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

async function attempt(work: () => Promise<NewSession>, next: string): Promise<FormState> {
  try {
    const session = await work();
    await setSessionCookie(session);
  } catch (error) {
    return { error: toErrorResponse(error).body.error.message };
  }
  redirect(next);
}

/** The client's address as the Next server saw it (the throttle's per-address key). */
async function client() {
  const { headers } = await import('next/headers');
  return clientAddress(await headers());
}

export async function loginAction(_state: FormState, data: FormData): Promise<FormState> {
  const app = getContext();
  await app.ready;
  const credentials = { email: text(data, 'email'), password: String(data.get('password') ?? '') };
  const address = await client();
  return attempt(() => login(app, credentials, address), safeNextPath(text(data, 'next')));
}

export async function setupAction(_state: FormState, data: FormData): Promise<FormState> {
  const app = getContext();
  const input = { email: text(data, 'email'), name: text(data, 'name') || undefined, password: String(data.get('password') ?? '') };
  const address = await client();
  return attempt(() => setupAdmin(app, input, address), '/');
}

export async function acceptInviteAction(_state: FormState, data: FormData): Promise<FormState> {
  const app = getContext();
  const input = { token: text(data, 'token'), name: text(data, 'name') || undefined, password: String(data.get('password') ?? '') };
  const address = await client();
  return attempt(() => acceptInvite(app, input, address), '/');
}

export async function logoutAction(): Promise<void> {
  const { cookies } = await import('next/headers');
  const { SESSION_COOKIE } = await import('./cookies');
  const { sha256 } = await import('./tokens');
  const { logout } = await import('../services/accounts');
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await logout(getContext().db, sha256(token));
  jar.delete(SESSION_COOKIE);
  redirect('/login');
}
