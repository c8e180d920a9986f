import { renderConfigYaml } from '@overture/config';
import { createApiKey, createDataset, createDeployment, createModel, createModelVersion, createRun, createStudy, type Dataset } from '@overture/db';
import { seedDataset, toyConfig, toyCsv } from '@overture/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '@/server/auth/tokens';
import { startTestApp, type CallOptions, type TestApp } from './harness';

/**
 * Who may call every state-changing route (DESIGN §6): a member reads everything and changes only
 * what they own; admins manage users and keys and may change anything. A route without an entry
 * here fails the first test, so each new route must be classified.
 */
type User = Awaited<ReturnType<TestApp['user']>>;
type Target = { url: string } & Pick<CallOptions, 'body' | 'raw' | 'headers'>;
type Rule =
  | { who: 'public' }
  /** Any signed-in user, viewers included (their own API keys, predictions). */
  | { who: 'viewer'; target: () => Promise<Target> }
  /** Any member: makes something new of their own, or only uses (reads) what it names. */
  | { who: 'member'; target: () => Promise<Target> }
  /** The owner of the thing (a member) or an admin; `target(owner)` makes a fresh one owned by `owner`. */
  | { who: 'owner'; target: (owner: User) => Promise<Target> }
  | { who: 'admin'; target: () => Promise<Target> };

const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'];

describe('access to every state-changing route, by role and ownership', () => {
  let t: TestApp;
  let admin: User, member: User, other: User, viewer: User;
  let shared: Dataset;
  let users = 0;

  // Fresh things owned by a user, made straight in the database.
  const dataset = (owner: User) => seedDataset(t.database.db, t.dataDir, toyCsv(40), `data of ${owner.email}`).then((d) => t.database.pool.query('UPDATE datasets SET owner_id = $1 WHERE id = $2', [owner.id, d.id]).then(() => d));
  const sqlDataset = async (owner: User) => createDataset(t.database.db, {
    ownerId: owner.id, name: 'orders', source: 'sql', storagePath: 'datasets/none.csv', status: 'ready',
    sourceDetails: { type: 'postgres', query: 'select 1', connectionId: crypto.randomUUID() },
  });
  const model = async (owner: User) => {
    const m = await createModel(t.database.db, { name: `model of ${owner.email}`, datasetId: shared.id, ownerId: owner.id });
    const config = toyConfig();
    const v = await createModelVersion(t.database.db, { modelId: m.id, yaml: renderConfigYaml(config), resolvedConfig: config as unknown as Record<string, unknown>, authorId: owner.id });
    return { model: m, version: v };
  };
  const run = async (owner: User) => {
    const { version } = await model(owner);
    return createRun(t.database.db, { modelVersionId: version.id, datasetId: shared.id, config: version.resolvedConfig, createdById: owner.id });
  };
  const study = async (owner: User) => {
    const { version } = await model(owner);
    return createStudy(t.database.db, { modelVersionId: version.id, datasetId: shared.id, baseConfig: {}, hyperopt: {}, createdById: owner.id });
  };
  const deployment = async (owner: User) => {
    const r = await run(owner);
    return createDeployment(t.database.db, { name: `d-${crypto.randomUUID().slice(0, 8)}`, runId: r.id, modelVersionId: r.modelVersionId, createdById: owner.id });
  };
  const apiKey = (owner: User) => createApiKey(t.database.db, { userId: owner.id, name: 'k', prefix: 'ovt_x', keyHash: sha256(randomToken()) });

  const rules: Record<string, Rule> = {
    'POST /api/auth/login': { who: 'public' },
    'POST /api/auth/logout': { who: 'public' },
    'POST /api/auth/setup': { who: 'public' },
    'POST /api/invitations/accept': { who: 'public' },

    'POST /api/api-keys': { who: 'viewer', target: async () => ({ url: '/api/api-keys', body: { name: 'mine' } }) },
    'DELETE /api/api-keys/[id]': { who: 'owner', target: async (owner) => ({ url: `/api/api-keys/${(await apiKey(owner)).id}` }) },
    'POST /predict': { who: 'viewer', target: async () => ({ url: '/predict', body: { model: 'none', instances: [{}] } }) },
    'POST /predict/[deployment]': { who: 'viewer', target: async () => ({ url: '/predict/none', body: { instances: [{}] } }) },

    'POST /api/datasets': { who: 'member', target: async () => ({ url: '/api/datasets', body: { name: 'x', source: { type: 'postgres', url: 'not a url', query: 'select 1' } } }) },
    'POST /api/sources/test': { who: 'member', target: async () => ({ url: '/api/sources/test', body: { type: 'postgres', url: 'not a url' } }) },
    'POST /api/models': { who: 'member', target: async () => ({ url: '/api/models', body: { name: 'mine', datasetId: shared.id, config: renderConfigYaml(toyConfig()) } }) },
    'POST /api/models/import': { who: 'member', target: async () => ({ url: '/api/models/import', body: {} }) },
    'POST /api/models/[id]/fork': { who: 'member', target: async () => ({ url: `/api/models/${(await model(admin)).model.id}/fork`, body: { name: 'my fork' } }) },
    'POST /api/deployments': { who: 'member', target: async () => ({ url: '/api/deployments', body: { name: `mine-${++users}`, runId: (await run(admin)).id } }) },
    'POST /api/batch-predictions': { who: 'member', target: async () => ({ url: '/api/batch-predictions', body: { runId: (await run(admin)).id, datasetId: shared.id } }) },

    'DELETE /api/datasets/[id]': { who: 'owner', target: async (owner) => ({ url: `/api/datasets/${(await dataset(owner)).id}` }) },
    'POST /api/datasets/[id]/refresh': { who: 'owner', target: async (owner) => ({ url: `/api/datasets/${(await sqlDataset(owner)).id}/refresh` }) },
    'PATCH /api/datasets/[id]/columns/[column]': { who: 'owner', target: async (owner) => ({ url: `/api/datasets/${(await dataset(owner)).id}/columns/x1`, body: { type: 'category' } }) },
    'DELETE /api/models/[id]': { who: 'owner', target: async (owner) => ({ url: `/api/models/${(await model(owner)).model.id}` }) },
    'POST /api/models/[id]/versions': { who: 'owner', target: async (owner) => ({ url: `/api/models/${(await model(owner)).model.id}/versions`, body: { config: renderConfigYaml(toyConfig({ epochs: 2 })) } }) },
    'POST /api/runs': { who: 'owner', target: async (owner) => ({ url: '/api/runs', body: { versionId: (await model(owner)).version.id } }) },
    'DELETE /api/runs/[id]': { who: 'owner', target: async (owner) => ({ url: `/api/runs/${(await run(owner)).id}` }) },
    'POST /api/runs/[id]/cancel': { who: 'owner', target: async (owner) => ({ url: `/api/runs/${(await run(owner)).id}/cancel` }) },
    'POST /api/studies': { who: 'owner', target: async (owner) => ({ url: '/api/studies', body: { versionId: (await model(owner)).version.id } }) },
    'POST /api/studies/[id]/cancel': { who: 'owner', target: async (owner) => ({ url: `/api/studies/${(await study(owner)).id}/cancel` }) },
    'PUT /api/deployments/[name]': { who: 'owner', target: async (owner) => ({ url: `/api/deployments/${(await deployment(owner)).name}`, body: { runId: (await run(owner)).id } }) },
    'PATCH /api/deployments/[name]/traffic': { who: 'owner', target: async (owner) => ({ url: `/api/deployments/${(await deployment(owner)).name}/traffic`, body: { logPercent: 5 } }) },
    'DELETE /api/deployments/[name]': { who: 'owner', target: async (owner) => ({ url: `/api/deployments/${(await deployment(owner)).name}` }) },

    'PATCH /api/users/[id]': { who: 'admin', target: async () => ({ url: `/api/users/${(await t.user('member')).id}`, body: { role: 'viewer' } }) },
    'DELETE /api/users/[id]': { who: 'admin', target: async () => ({ url: `/api/users/${(await t.user('member')).id}` }) },
    'POST /api/invitations': { who: 'admin', target: async () => ({ url: '/api/invitations', body: { email: `invitee${++users}@example.com`, role: 'member' } }) },
    'DELETE /api/invitations/[id]': { who: 'admin', target: async () => ({ url: `/api/invitations/${crypto.randomUUID()}` }) },
    // A multipart body is not needed to see the role check: it comes before the body is read.
    'POST /api/pretrained-models': { who: 'admin', target: async () => ({ url: '/api/pretrained-models', body: {} }) },
    'DELETE /api/pretrained-models/[name]': { who: 'admin', target: async () => ({ url: '/api/pretrained-models/no-such-model' }) },
  };

  beforeAll(async () => {
    t = await startTestApp('access');
    admin = await t.user('admin');
    member = await t.user('member');
    other = await t.user('member');
    viewer = await t.user('viewer');
    shared = await dataset(admin);
  });
  afterAll(async () => { await t.close(); });

  /** Every exported state-changing method of every route.ts, as `METHOD /pattern`. */
  async function routeMethods(): Promise<string[]> {
    const modules = import.meta.glob<Record<string, unknown>>('../src/app/**/route.ts');
    const found: string[] = [];
    for (const [file, load] of Object.entries(modules)) {
      const pattern = file.replace('../src/app', '').replace(/\/route\.ts$/, '');
      const exported = Object.keys(await load());
      for (const method of STATE_CHANGING) if (exported.includes(method)) found.push(`${method} ${pattern}`);
    }
    return found.sort();
  }

  it('has a rule for every state-changing route (classify new routes here)', async () => {
    const methods = await routeMethods();
    expect(methods.filter((m) => !(m in rules))).toEqual([]);
    expect(Object.keys(rules).filter((m) => !methods.includes(m))).toEqual([]);
  });

  const call = (key: string, as: User | null, target: Target) => t.call(key.split(' ')[0], target.url, { ...target, as: as?.key });
  const status = async (response: Response) => ({ status: response.status, body: await response.text() });
  const allowed = (s: { status: number }) => s.status !== 401 && s.status !== 403;

  it.each(Object.entries(rules).filter(([, r]) => r.who === 'public'))('%s: open without credentials', async (key) => {
    const response = await status(await call(key, null, { url: key.split(' ')[1], body: {} }));
    expect(response.body).not.toMatch(/sign in, or send|needs the \w+ role/);
    expect(response.status).not.toBe(403);
  });

  it.each(Object.entries(rules).filter(([, r]) => r.who !== 'public'))('%s: refused without credentials', async (key, rule) => {
    const target = rule.who === 'owner' ? await rule.target(admin) : await (rule as { target: () => Promise<Target> }).target();
    const response = await call(key, null, target);
    expect(response.status).toBe(401);
  });

  it.each(Object.entries(rules).filter(([, r]) => r.who === 'viewer'))('%s: any signed-in user, viewers too', async (key, rule) => {
    const target = await (rule as { target: () => Promise<Target> }).target();
    expect(allowed(await status(await call(key, viewer, target)))).toBe(true);
  });

  it.each(Object.entries(rules).filter(([, r]) => r.who === 'member'))('%s: members yes, viewers no', async (key, rule) => {
    const { target } = rule as { target: () => Promise<Target> };
    expect((await call(key, viewer, await target())).status).toBe(403);
    const asMember = await status(await call(key, member, await target()));
    expect(allowed(asMember), asMember.body).toBe(true);
  });

  it.each(Object.entries(rules).filter(([, r]) => r.who === 'owner'))("%s: the owner and admins yes; another member or a viewer no", async (key, rule) => {
    const { target } = rule as { target: (owner: User) => Promise<Target> };
    const someoneElses = await status(await call(key, other, await target(admin)));
    expect(someoneElses.status, someoneElses.body).toBe(403);
    expect(JSON.parse(someoneElses.body).error.message).toMatch(/^(only .+ or an admin can |you can revoke only your own)/);
    expect((await call(key, viewer, await target(admin))).status).toBe(403);
    const own = await status(await call(key, member, await target(member)));
    expect(allowed(own), own.body).toBe(true);
    const asAdmin = await status(await call(key, admin, await target(member)));
    expect(allowed(asAdmin), asAdmin.body).toBe(true);
  });

  it("lets a model's owner cancel and delete a run someone else started on it, and no one else", async () => {
    const { version } = await model(member);
    const started = await createRun(t.database.db, { modelVersionId: version.id, datasetId: shared.id, config: version.resolvedConfig, createdById: admin.id });
    const denied = await status(await t.call('POST', `/api/runs/${started.id}/cancel`, { as: other.key }));
    expect(JSON.parse(denied.body).error.message).toBe('only whoever started the run, the model owner or an admin can cancel it.');
    expect((await t.call('POST', `/api/runs/${started.id}/cancel`, { as: member.key })).status).toBe(200);
    expect((await t.call('DELETE', `/api/runs/${started.id}`, { as: other.key })).status).toBe(403);
    expect((await t.call('DELETE', `/api/runs/${started.id}`, { as: member.key })).status).toBe(200);
  });

  it('refuses to refresh a SQL dataset with its owner\'s stored credentials for another member, saying why', async () => {
    const theirs = await sqlDataset(admin);
    const denied = await status(await t.call('POST', `/api/datasets/${theirs.id}/refresh`, { as: member.key }));
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body).error.message).toBe('only the dataset owner or an admin can refresh it (the query runs with their stored credentials).');
  });

  it.each(Object.entries(rules).filter(([, r]) => r.who === 'admin'))('%s: admins only', async (key, rule) => {
    const { target } = rule as { target: () => Promise<Target> };
    expect((await call(key, member, await target())).status).toBe(403);
    const asAdmin = await status(await call(key, admin, await target()));
    expect(allowed(asAdmin), asAdmin.body).toBe(true);
  });
});
