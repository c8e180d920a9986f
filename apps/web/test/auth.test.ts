import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, ORIGIN, startTestApp, type TestApp } from './harness';

describe('auth, sessions, API keys and roles', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp('auth', { OVERTURE_BOOTSTRAP_API_KEY: 'bootstrap-key-0123456789' }); });
  afterAll(async () => { await t.close(); });

  const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0];

  it('opens the "create admin" step once, then refuses it', async () => {
    expect(await expectJson(await t.call('GET', '/api/auth/setup'), 200)).toEqual({ needsSetup: true });
    const created = await t.call('POST', '/api/auth/setup', { body: { email: 'Admin@Example.com', password: 'correct horse' }, headers: { origin: ORIGIN } });
    expect((await expectJson(created, 201)).user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
    expect(created.headers.get('set-cookie')).toMatch(/^overture_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Expires=/);
    const again = await expectJson(await t.call('POST', '/api/auth/setup', { body: { email: 'other@example.com', password: 'correct horse' } }), 409);
    expect(again.error.code).toBe('conflict');
  });

  it('signs in with the right password only, and the session cookie authenticates', async () => {
    const wrong = await expectJson(await t.call('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'nope' } }), 401);
    expect(wrong).toEqual({ error: { code: 'unauthorized', message: 'wrong email or password.' } });
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'correct horse' } });
    await expectJson(login, 200);
    const me = await expectJson(await t.call('GET', '/api/auth/me', { as: { cookie: cookieOf(login) } }), 200);
    expect(me).toMatchObject({ kind: 'session', email: 'admin@example.com', role: 'admin' });
  });

  it('answers 401 for an expired session and after logout', async () => {
    const login = await t.call('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'correct horse' } });
    const cookie = cookieOf(login);
    await t.database.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    const expired = await expectJson(await t.call('GET', '/api/auth/me', { as: { cookie } }), 401);
    expect(expired.error.message).toMatch(/session has expired/);
    // Signing in again while the browser still sends the expired cookie works.
    const fresh = cookieOf(await t.call('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'correct horse' }, headers: { cookie } }));
    await expectJson(await t.call('POST', '/api/auth/logout', { as: { cookie: fresh } }), 200);
    await expectJson(await t.call('GET', '/api/auth/me', { as: { cookie: fresh } }), 401);
  });

  it('refuses state-changing cookie requests from another origin or with no origin (CSRF)', async () => {
    const cookie = cookieOf(await t.call('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'correct horse' } }));
    const foreign = await expectJson(await t.call('POST', '/api/api-keys', { as: { cookie }, body: {}, headers: { origin: 'https://evil.example' } }), 403);
    expect(foreign.error.message).toMatch(/cross-site request refused/);
    const request = await t.call('POST', '/api/api-keys', { body: {}, headers: { cookie } });
    expect(request.status).toBe(403);
    // Reading is fine without an Origin (a top-level navigation sends none).
    await expectJson(await t.call('GET', '/api/auth/me', { headers: { cookie } }), 200);
  });

  it('shows an API key once, lists it without the key, and answers 401 once it is revoked', async () => {
    const cookie = cookieOf(await t.call('POST', '/api/auth/login', { body: { email: 'admin@example.com', password: 'correct horse' } }));
    const created = await expectJson(await t.call('POST', '/api/api-keys', { as: { cookie }, body: { name: 'ci' } }), 201);
    expect(created.key).toMatch(/^ovt_[\w-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    const listed = await expectJson(await t.call('GET', '/api/api-keys', { as: { cookie } }), 200);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect((await expectJson(await t.call('GET', '/api/auth/me', { as: { key: created.key } }), 200)).kind).toBe('api_key');
    await expectJson(await t.call('DELETE', `/api/api-keys/${created.id}`, { as: { cookie } }), 200);
    const revoked = await expectJson(await t.call('GET', '/api/auth/me', { as: { key: created.key } }), 401);
    expect(revoked.error.message).toMatch(/not valid/);
    await expectJson(await t.call('GET', '/api/auth/me', { as: { key: 'ovt_made-up' } }), 401);
  });

  it('accepts OVERTURE_BOOTSTRAP_API_KEY as an admin', async () => {
    const me = await expectJson(await t.call('GET', '/api/users', { as: { key: 'bootstrap-key-0123456789' } }), 200);
    expect(me.users.map((u: { email: string }) => u.email)).toContain('admin@example.com');
  });

  it('lets an admin invite a viewer, whose link works once', async () => {
    const admin = { key: 'bootstrap-key-0123456789' };
    const invitation = await expectJson(await t.call('POST', '/api/invitations', { as: admin, body: { email: 'viewer@example.com', role: 'viewer' }, headers: { host: 'evil.example' } }), 201);
    // No OVERTURE_PUBLIC_URL here: a path, never an origin taken from the request's Host.
    expect(invitation.url).toBe(`/invite/${invitation.token}`);
    const accepted = await t.call('POST', '/api/invitations/accept', { body: { token: invitation.token, password: 'viewer-pass-phrase' } });
    expect((await expectJson(accepted, 201)).user).toMatchObject({ email: 'viewer@example.com', role: 'viewer' });
    const me = await expectJson(await t.call('GET', '/api/auth/me', { as: { cookie: cookieOf(accepted) } }), 200);
    expect(me.role).toBe('viewer');
    const reused = await expectJson(await t.call('POST', '/api/invitations/accept', { body: { token: invitation.token, password: 'viewer-pass-phrase' } }), 404);
    expect(reused.error.message).toMatch(/already used, has expired/);
  });

  it('checks roles: members cannot manage users, viewers cannot create', async () => {
    const member = await t.user('member');
    const viewer = await t.user('viewer');
    const denied = await expectJson(await t.call('GET', '/api/users', { as: member.key }), 403);
    expect(denied.error.message).toBe('this needs the admin role; you are a member.');
    const viewerPost = await expectJson(await t.call('POST', '/api/models', { as: viewer.key, body: { name: 'x', datasetId: crypto.randomUUID(), targets: ['y'] } }), 403);
    expect(viewerPost.error.message).toBe('this needs the member role; you are a viewer.');
    await expectJson(await t.call('GET', '/api/datasets', {}), 401);
  });

  it('validates bodies and names the bad field', async () => {
    const body = await expectJson(await t.call('POST', '/api/auth/login', { body: { email: 'not-an-email', password: 'x' } }), 400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.errors).toEqual([{ path: 'email', message: 'must be an email address' }]);
    const bad = await expectJson(await t.call('POST', '/api/auth/login', { raw: '{oops', headers: { 'content-type': 'application/json' } }), 400);
    expect(bad.error.message).toMatch(/^the body is not valid JSON/);
  });
});
