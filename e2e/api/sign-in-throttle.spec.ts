import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../support/platform';

/**
 * The per-address sign-in throttle on a started platform: route handlers cannot see the socket, so
 * the web process takes the address from it (instrumentation) and a client's own X-Forwarded-For
 * changes nothing. Its own platform, since locking out 127.0.0.1 would lock out the other specs.
 */
describe('a started platform: the sign-in throttle and the errors of process-wide objects', () => {
  let platform: Platform;
  beforeAll(async () => { platform = await startPlatform('throttle', { OVERTURE_LOGIN_IP_FAILURES: '4', OVERTURE_LOGIN_ACCOUNT_FAILURES: '3' }); });
  afterAll(async () => { await platform?.stop(); });

  const login = (email: string, password: string, forwardedFor: string) => fetch(`${platform.baseURL}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ email, password }),
  });

  it('counts failures per socket address, whatever X-Forwarded-For a client sends', async () => {
    for (let i = 0; i < 4; i++) expect((await login(`nobody${i}@example.com`, 'wrong-password-guess', `198.51.100.${i}`)).status).toBe(401);
    const refused = await login(platform.adminEmail, platform.adminPassword, '198.51.100.200');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers errors of the process-wide objects (serving, throttle) with their status, not a 500', async () => {
    const predict = await fetch(`${platform.baseURL}/predict/no-such-deployment`, {
      method: 'POST', headers: { authorization: `Bearer ${platform.bootstrapKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ instances: [{ x: 1 }] }),
    });
    expect(predict.status).toBe(404);
  });
});
