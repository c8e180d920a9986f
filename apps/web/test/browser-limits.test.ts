import { renderConfigYaml } from '@overture/config';
import { seedDataset, toyConfig, toyCsv } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nextConfig from '../next.config';
import { expectJson, startTestApp, type TestApp } from './harness';

/** Caps on what one signed-in user can hold open or pile up: live-event streams and API keys; invitation links. */
describe('per-user limits and invitation links', () => {
  let t: TestApp;
  let member: Awaited<ReturnType<TestApp['user']>>;
  let runId: string;
  beforeAll(async () => {
    t = await startTestApp('browser_limits', {
      OVERTURE_SSE_PER_USER: '2', OVERTURE_SSE_TOTAL: '3', OVERTURE_MAX_API_KEYS: '3', OVERTURE_PUBLIC_URL: 'https://overture.example.com/',
    });
    member = await t.user('member');
    const dataset = await seedDataset(t.database.db, t.dataDir, toyCsv(40));
    const model = await expectJson(await t.call('POST', '/api/models', { as: member.key, body: { name: 'toy', datasetId: dataset.id, config: renderConfigYaml(toyConfig()) } }), 201);
    runId = (await expectJson(await t.call('POST', '/api/runs', { as: member.key, body: { versionId: model.versionId } }), 201)).id;
  });
  afterAll(async () => { await t.close(); });

  const events = (as: { key: string }) => t.call('GET', `/api/runs/${runId}/events`, { as });

  it('caps live-event streams per user and in all with 429, and gives a slot back when a stream is closed', async () => {
    const other = await t.user('member');
    const first = await events(member.key), second = await events(member.key);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await events(member.key);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('5');
    expect((await third.json()).error.message).toMatch(/^you have 2 live event streams open, the most one user may/);

    const others = await events(other.key);
    expect(others.status).toBe(200);
    const full = await events(other.key);
    expect(full.status).toBe(429);
    expect((await full.json()).error.message).toMatch(/^this server has 3 live event streams open/);
    expect(t.app.streams.open).toBe(3);

    // The browser leaves (Next cancels the body): the slot and its Redis connection are given back.
    await first.body!.cancel();
    expect(t.app.streams.open).toBe(2);
    const again = await events(member.key);
    expect(again.status).toBe(200);
    for (const r of [second, others, again]) await r.body!.cancel();
    expect(t.app.streams.open).toBe(0);
  });

  it('caps active API keys per user with 409; a revoked key frees its place', async () => {
    const user = await t.user('viewer'); // holds one key already (the harness's)
    const made = [];
    for (let i = 0; i < 2; i++) made.push(await expectJson(await t.call('POST', '/api/api-keys', { as: user.key, body: { name: `k${i}` } }), 201));
    const refused = await expectJson(await t.call('POST', '/api/api-keys', { as: user.key, body: { name: 'one too many' } }), 409);
    expect(refused.error.message).toBe('you already have 3 active API keys, the most one user may hold: revoke one you no longer use first.');
    await expectJson(await t.call('DELETE', `/api/api-keys/${made[0].id}`, { as: user.key }), 200);
    await expectJson(await t.call('POST', '/api/api-keys', { as: user.key, body: { name: 'replacement' } }), 201);
    // Concurrent requests cannot pass the cap together.
    await expectJson(await t.call('DELETE', `/api/api-keys/${made[1].id}`, { as: user.key }), 200);
    const racing = await Promise.all(Array.from({ length: 4 }, (_, i) => t.call('POST', '/api/api-keys', { as: user.key, body: { name: `race${i}` } })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('builds invitation links from OVERTURE_PUBLIC_URL, whatever Host the request names', async () => {
    const admin = await t.user('admin');
    for (const host of ['evil.example', 'overture.example.com.evil.example']) {
      const invitation = await expectJson(await t.call('POST', '/api/invitations', {
        as: admin.key, body: { email: `i-${host}@example.com` }, headers: { host, 'x-forwarded-host': host, 'x-forwarded-proto': 'https' },
      }), 201);
      expect(invitation.url).toBe(`https://overture.example.com/invite/${invitation.token}`);
    }
  });
});

describe('security headers of every response (next.config.ts)', () => {
  it('forbids framing, sniffing and cross-site referrers, with a CSP that still allows Monaco', async () => {
    const rules = await nextConfig.headers!();
    expect(rules.map((r) => r.source)).toEqual(['/:path*']);
    const headers = Object.fromEntries(rules[0].headers.map((h) => [h.key.toLowerCase(), h.value]));
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    const csp = Object.fromEntries(headers['content-security-policy'].split('; ').map((d) => { const [name, ...values] = d.split(' '); return [name, values]; }));
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
    expect(csp['style-src']).toContain("'unsafe-inline'");
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
  });
});
