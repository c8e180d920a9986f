import { z } from 'zod';
import { clearedSessionCookie, isSecureRequest, sessionCookie } from '../auth/cookies';
import { checkSameOrigin } from '../auth/authenticate';
import { clientAddress } from '../auth/login-throttle';
import { endpoint, json } from '../http/route';
import { login, logout, needsSetup, publicUser, setupAdmin, type NewSession } from '../services/accounts';
import { ZEmail, ZOk, ZPassword, ZUser } from './schemas';

const ZSessionOut = z.object({ user: ZUser, expiresAt: z.string() });

function withSession(request: Request, session: NewSession, status = 200): Response {
  return json({ user: publicUser(session.user), expiresAt: session.expiresAt.toISOString() }, status, {
    'set-cookie': sessionCookie(session.token, session.expiresAt, isSecureRequest(request.headers, request.url)),
  });
}

export const loginEndpoint = endpoint({
  method: 'POST', path: '/api/auth/login', tag: 'auth', summary: 'Sign in: sets the httpOnly session cookie. 429 with Retry-After after repeated failures (per account and per client address)', access: 'public',
  body: z.object({ email: ZEmail, password: z.string().min(1) }),
  response: ZSessionOut,
  async handler({ app, body, request }) {
    // Login CSRF: a browser form on another site must not sign the visitor into our app.
    if (request.headers.get('origin')) checkSameOrigin(request);
    return withSession(request, await login(app, body, clientAddress(request.headers)));
  },
});

export const logoutEndpoint = endpoint({
  method: 'POST', path: '/api/auth/logout', tag: 'auth', summary: 'Sign out (ends the session)', access: 'public', response: ZOk,
  async handler({ app, auth, request }) {
    await logout(app.db, auth?.sessionHash);
    return json({ ok: true }, 200, { 'set-cookie': clearedSessionCookie(isSecureRequest(request.headers, request.url)) });
  },
});

export const meEndpoint = endpoint({
  method: 'GET', path: '/api/auth/me', tag: 'auth', summary: 'Who is signed in (or whose API key this is)', access: 'viewer',
  response: z.object({ kind: z.enum(['session', 'api_key', 'bootstrap']), userId: z.string().nullable(), email: z.string().nullable(), role: z.string() }),
  async handler({ actor }) {
    return { kind: actor.kind, userId: actor.userId, email: actor.email, role: actor.role };
  },
});

export const setupStatusEndpoint = endpoint({
  method: 'GET', path: '/api/auth/setup', tag: 'auth', summary: 'Whether the one-time "create admin" step is still open', access: 'public',
  response: z.object({ needsSetup: z.boolean() }),
  async handler({ app }) {
    return { needsSetup: await needsSetup(app.db) };
  },
});

export const setupEndpoint = endpoint({
  method: 'POST', path: '/api/auth/setup', tag: 'auth', summary: 'First start: create the admin (only while there are no users); signs in', access: 'public',
  body: z.object({ email: ZEmail, name: z.string().max(200).optional(), password: ZPassword }),
  response: ZSessionOut, status: 201,
  async handler({ app, body, request }) {
    if (request.headers.get('origin')) checkSameOrigin(request);
    return withSession(request, await setupAdmin(app, body, clientAddress(request.headers)), 201);
  },
});

export { withSession };
