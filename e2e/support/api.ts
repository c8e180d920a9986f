import { request, type APIRequestContext, type APIResponse } from 'playwright-core';
import { inject } from 'vitest';

export const platform = () => inject('platform');

/** An API client authenticated with an API key (Bearer). */
export function apiWithKey(key: string): Promise<APIRequestContext> {
  return request.newContext({ baseURL: platform().baseURL, extraHTTPHeaders: { authorization: `Bearer ${key}` } });
}

/** A browser-like client: session cookie, and the Origin header a browser sends. */
export async function signIn(email: string, password: string): Promise<APIRequestContext> {
  const { baseURL } = platform();
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const response = await context.post('/api/auth/login', { data: { email, password } });
  if (response.status() !== 200) throw new Error(`login failed: ${response.status()} ${await response.text()}`);
  return context;
}

let counter = 0;

/** A new user of the given role (admin invites, the user accepts) and an API key of theirs. */
export async function newUser(role: 'admin' | 'member' | 'viewer') {
  const admin = await apiWithKey(platform().bootstrapKey);
  const email = `${role}-${process.pid}-${++counter}-${Date.now()}@example.com`;
  const invitation = await json(await admin.post('/api/invitations', { data: { email, role } }), 201);
  const { baseURL } = platform();
  const browser = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  await json(await browser.post('/api/invitations/accept', { data: { token: invitation.token, password: 'user-password-1' } }), 201);
  const { key } = await json(await browser.post('/api/api-keys', { data: { name: 'e2e' } }), 201);
  return { email, password: 'user-password-1', browser, api: await apiWithKey(key), key };
}

/** The JSON body after checking the status (the body is in the failure message). */
export async function json<T = any>(response: APIResponse, status: number): Promise<T> {
  const text = await response.text();
  if (response.status() !== status) throw new Error(`${response.url()}: expected ${status}, got ${response.status()}: ${text.slice(0, 2000)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Uploads a CSV and waits until its profile is ready (or failed). */
export async function uploadCsv(api: APIRequestContext, csv: string, fileName = 'data.csv') {
  const created = await json(await api.post('/api/datasets', { multipart: { file: { name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) } } }), 201);
  return until('the profile', async () => {
    const detail = await json(await api.get(`/api/datasets/${created.id}`), 200);
    return detail.status === 'ready' || detail.status === 'failed' ? detail : null;
  });
}
