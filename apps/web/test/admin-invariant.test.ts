import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson, startTestApp, type TestApp } from './harness';

/** At least one admin is left, even when two admins are demoted or deleted at the same moment. */
describe('the last admin', () => {
  let t: TestApp;
  const bootstrap = { key: 'bootstrap-key-admin-invariant-0123' };
  beforeAll(async () => { t = await startTestApp('admin_invariant', { OVERTURE_BOOTSTRAP_API_KEY: bootstrap.key }); });
  afterAll(async () => { await t.close(); });

  const admins = async () => (await t.database.pool.query<{ id: string }>(`SELECT id FROM users WHERE role = 'admin'`)).rows.map((r) => r.id);
  const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();

  it('of two admins demoting each other at once, one is refused with 409 and one admin is left', async () => {
    for (let round = 0; round < 5; round++) {
      await t.database.pool.query(`UPDATE users SET role = 'member' WHERE role = 'admin'`);
      const a = await t.user('admin'), b = await t.user('admin');
      const responses = await Promise.all([
        t.call('PATCH', `/api/users/${b.id}`, { as: a.key, body: { role: 'member' } }),
        t.call('PATCH', `/api/users/${a.id}`, { as: b.key, body: { role: 'member' } }),
      ]);
      expect(statuses(responses)).toEqual([200, 409]);
      const refused = await expectJson(responses.find((r) => r.status === 409)!, 409);
      expect(refused.error.message).toBe('this is the last admin: make someone else admin first.');
      expect(await admins()).toHaveLength(1);
    }
  });

  it('of two admins deleted at once, one deletion is refused and one admin is left', async () => {
    for (let round = 0; round < 5; round++) {
      await t.database.pool.query(`UPDATE users SET role = 'member' WHERE role = 'admin'`);
      const a = await t.user('admin'), b = await t.user('admin');
      const responses = await Promise.all([a, b].map((u) => t.call('DELETE', `/api/users/${u.id}`, { as: bootstrap })));
      expect(statuses(responses)).toEqual([200, 409]);
      expect(await admins()).toHaveLength(1);
    }
  });

  it('demoting an admin while another is promoted keeps an admin, and the last one cannot be demoted or deleted', async () => {
    await t.database.pool.query(`UPDATE users SET role = 'member' WHERE role = 'admin'`);
    const a = await t.user('admin'), c = await t.user('member');
    const [promoted, demoted] = await Promise.all([
      t.call('PATCH', `/api/users/${c.id}`, { as: bootstrap, body: { role: 'admin' } }),
      t.call('PATCH', `/api/users/${a.id}`, { as: bootstrap, body: { role: 'viewer' } }),
    ]);
    expect(promoted.status).toBe(200);
    // Depending on which commits first, the demotion sees c as admin (200) or not yet (409): never zero admins.
    expect([200, 409]).toContain(demoted.status);
    const left = await admins();
    expect(left).toHaveLength(demoted.status === 200 ? 1 : 2);
    if (left.length === 2) await expectJson(await t.call('PATCH', `/api/users/${a.id}`, { as: bootstrap, body: { role: 'viewer' } }), 200);
    const [last] = await admins();
    await expectJson(await t.call('PATCH', `/api/users/${last}`, { as: bootstrap, body: { role: 'member' } }), 409);
    await expectJson(await t.call('DELETE', `/api/users/${last}`, { as: bootstrap }), 409);
    await expectJson(await t.call('DELETE', `/api/users/${crypto.randomUUID()}`, { as: bootstrap }), 404);
  });

  it('writes role changes and deletions to the audit log', async () => {
    const admin = await t.user('admin');
    const m = await t.user('member');
    await expectJson(await t.call('PATCH', `/api/users/${m.id}`, { as: admin.key, body: { role: 'viewer' } }), 200);
    await expectJson(await t.call('DELETE', `/api/users/${m.id}`, { as: admin.key }), 200);
    const { rows } = await t.database.pool.query(`SELECT action, actor_user_id, details FROM audit_log WHERE target_id = $1 ORDER BY id`, [m.id]);
    expect(rows).toEqual([
      { action: 'user.role_change', actor_user_id: admin.id, details: { from: 'member', to: 'viewer' } },
      { action: 'user.delete', actor_user_id: admin.id, details: { email: m.email, role: 'viewer' } },
    ]);
  });
});
