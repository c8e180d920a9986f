import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, ORIGIN, startTestApp, type TestApp } from './harness';

/** Brute-force protection: per account and per client address, exponential lockout, 429 + Retry-After, audit. */
describe('sign-in throttling', () => {
  let t: TestApp;
  const bootstrap = { key: 'bootstrap-key-throttle-0123456789' };
  beforeAll(async () => {
    t = await startTestApp('throttle', { OVERTURE_BOOTSTRAP_API_KEY: bootstrap.key, OVERTURE_LOGIN_ACCOUNT_FAILURES: '5', OVERTURE_LOGIN_IP_FAILURES: '8' });
  });
  afterAll(async () => { await t.close(); });

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const login = (email: string, password: string, ip: string) => t.call('POST', '/api/auth/login', { body: { email, password }, headers: from(ip) });
  const lockKey = (kind: 'account' | 'ip', id: string) => `${t.redis.prefix}:auth:lock:${kind}:${id}`;
  const audit = async (action: string, email: string) =>
    (await t.database.pool.query(`SELECT details FROM audit_log WHERE action = $1 AND details->>'email' = $2`, [action, email])).rows.map((r) => r.details);

  it('answers 40 concurrent wrong passwords with 5 refusals, then 429 with Retry-After, and writes the audit log', async () => {
    const victim = await t.user('member');
    const responses = await Promise.all(Array.from({ length: 40 }, () => login(victim.email, 'wrong-password-guess', '203.0.113.1')));
    const counts = responses.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 401: 5, 429: 35 });
    const limited = responses.find((r) => r.status === 429)!;
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await expectJson(limited, 429)).error).toEqual({ code: 'rate_limited', message: `too many failed sign-in attempts: try again in ${retryAfter} s.` });

    // Locked means locked: the right password from elsewhere is refused too.
    const right = await login(victim.email, victim.password, '198.51.100.7');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);

    // Another account from another address is not affected.
    const bystander = await t.user('member');
    await expectJson(await login(bystander.email, bystander.password, '198.51.100.8'), 200);

    expect(await audit('auth.login_failed', victim.email)).toHaveLength(5);
    const { rows } = await t.database.pool.query(`SELECT actor_user_id, target_type, target_id FROM audit_log WHERE action = 'auth.lockout' AND target_id = $1`, [victim.id]);
    expect(rows).toEqual([{ actor_user_id: null, target_type: 'user', target_id: victim.id }]);
    expect(await audit('auth.lockout', victim.email)).toEqual([{ email: victim.email, ip: '203.0.113.1', by: 'account', seconds: 60 }]);
  });

  it('doubles the lockout for each failure after one, and the right password after it starts afresh', async () => {
    const user = await t.user('member');
    for (let i = 0; i < 5; i++) await login(user.email, 'wrong-password-guess', '203.0.113.2');
    expect((await login(user.email, 'wrong-password-guess', '203.0.113.2')).status).toBe(429);
    expect(await t.app.redis.ttl(lockKey('account', user.email))).toBeGreaterThan(55);

    await t.app.redis.del(lockKey('account', user.email)); // the minute has passed
    await expectJson(await login(user.email, 'wrong-password-guess', '203.0.113.3'), 401);
    const second = await login(user.email, user.password, '203.0.113.3');
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(Number(second.headers.get('retry-after'))).toBeLessThanOrEqual(120);

    await t.app.redis.del(lockKey('account', user.email));
    await expectJson(await login(user.email, user.password, '203.0.113.3'), 200);
    // The success reset the account: four more mistakes are only mistakes.
    for (let i = 0; i < 4; i++) await expectJson(await login(user.email, 'wrong-password-guess', '203.0.113.4'), 401);
    await expectJson(await login(user.email, user.password, '203.0.113.4'), 200);
  });

  it('locks out one address that tries many accounts, and no other address', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `sprayed${i}@example.com`);
    for (const email of emails) await expectJson(await login(email, 'wrong-password-guess', '203.0.113.9'), 401);
    const real = await t.user('member');
    const refused = await login(real.email, real.password, '203.0.113.9');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await expectJson(await login(real.email, real.password, '203.0.113.10'), 200);
    expect((await audit('auth.lockout', emails[7]))[0]).toMatchObject({ by: 'ip', ip: '203.0.113.9', seconds: 60 });
  });

  it('applies to invitation links: an address guessing tokens is locked out, a working link gives its attempt back', async () => {
    const invite = async () => (await expectJson(await t.call('POST', '/api/invitations', { as: bootstrap, body: { email: `joiner${Date.now()}${Math.random()}@example.com`, role: 'member' } }), 201)).token as string;
    const accept = (token: string, ip: string) => t.call('POST', '/api/invitations/accept', { body: { token, password: 'a-long-passphrase-here' }, headers: from(ip) });
    for (let i = 0; i < 3; i++) await expectJson(await accept(await invite(), '203.0.113.20'), 201);
    for (let i = 0; i < 8; i++) await expectJson(await accept(`made-up-token-${i}-0123456789`, '203.0.113.20'), 404);
    const good = await invite();
    const refused = await accept(good, '203.0.113.20');
    expect(refused.status).toBe(429);
    expect((await expectJson(refused, 429)).error.message).toMatch(/^too many failed invitation links: try again in \d+ s\.$/);
    await expectJson(await accept(good, '203.0.113.21'), 201);
  });

  it('applies to the "create admin" step', async () => {
    const setup = (ip: string) => t.call('POST', '/api/auth/setup', { body: { email: 'late@example.com', password: 'a-long-passphrase-here' }, headers: { ...from(ip), origin: ORIGIN } });
    for (let i = 0; i < 8; i++) await expectJson(await setup('203.0.113.30'), 409);
    expect((await setup('203.0.113.30')).status).toBe(429);
    await expectJson(await setup('203.0.113.31'), 409);
  });
});

describe('password policy on the REST API', () => {
  let t: TestApp;
  const bootstrap = { key: 'bootstrap-key-policy-0123456789' };
  beforeAll(async () => { t = await startTestApp('password_policy', { OVERTURE_BOOTSTRAP_API_KEY: bootstrap.key }); });
  afterAll(async () => { await t.close(); });

  it.each([
    ['12345678', /at least 12 characters/],
    ['password1234', /most common passwords/],
    ['P@ssw0rd2024!', /most common passwords/],
    ['qwertyuiop12', /most common passwords/],
    ['123456789012', /most common passwords/],
    ['aaaaaaaaaaaaaaaa', /too few different characters/],
  ])('refuses %s at setup with a 400 naming the password', async (password, message) => {
    const body = await expectJson(await t.call('POST', '/api/auth/setup', { body: { email: 'first@example.com', password } }), 400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.errors[0].path).toBe('password');
    expect(body.errors[0].message).toMatch(message);
  });

  it("refuses an invitee's email as password, and accepts a passphrase", async () => {
    const invitation = await expectJson(await t.call('POST', '/api/invitations', { as: bootstrap, body: { email: 'dana.scully@example.com', role: 'member' } }), 201);
    const own = await expectJson(await t.call('POST', '/api/invitations/accept', { body: { token: invitation.token, password: 'Dana.Scully@example.com' } }), 400);
    expect(own.errors[0].message).toBe('do not use your email address or name as your password.');
    const weak = await expectJson(await t.call('POST', '/api/invitations/accept', { body: { token: invitation.token, password: 'iloveyou1234' } }), 400);
    expect(weak.errors[0].message).toMatch(/most common passwords/);
    await expectJson(await t.call('POST', '/api/invitations/accept', { body: { token: invitation.token, password: 'trust no fluke tonight' } }), 201);
  });
});
