import { createApiKeyWithinLimit, getApiKey, listApiKeys, recordAudit, revokeApiKey } from '@overture/db';
import { z } from 'zod';
import { API_KEY_PREFIX, randomToken, sha256 } from '../auth/tokens';
import { ApiError, conflict, forbidden, notFound } from '../errors';
import { endpoint } from '../http/route';
import { ZIdParams } from './schemas';

const ZApiKey = z.object({
  id: z.uuid(), name: z.string(), prefix: z.string(), userId: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});
type KeyRow = Awaited<ReturnType<typeof listApiKeys>>[number];
const describe = (k: KeyRow) => ({
  id: k.id, name: k.name, prefix: k.prefix, userId: k.userId, createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null,
});

export const createApiKeyEndpoint = endpoint({
  method: 'POST', path: '/api/api-keys', tag: 'api-keys', summary: 'Create an API key for yourself; `key` is shown only in this response. 409 past OVERTURE_MAX_API_KEYS active keys', access: 'viewer',
  body: z.object({ name: z.string().trim().min(1).max(200).default('API key') }),
  response: ZApiKey.extend({ key: z.string() }), status: 201,
  async handler({ app, actor, body }) {
    if (!actor.userId) throw new ApiError('invalid_input', 'the bootstrap key belongs to no user: sign in as a user to create API keys.');
    const key = randomToken(API_KEY_PREFIX);
    const max = app.env.OVERTURE_MAX_API_KEYS;
    const row = await createApiKeyWithinLimit(app.db, { userId: actor.userId, name: body.name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: sha256(key) }, max);
    if (row === 'limit') throw conflict(`you already have ${max} active API keys, the most one user may hold: revoke one you no longer use first.`);
    await recordAudit(app.db, { actorUserId: actor.userId, action: 'api_key.create', targetType: 'api_key', targetId: row.id });
    return { ...describe(row), key };
  },
});

export const listApiKeysEndpoint = endpoint({
  method: 'GET', path: '/api/api-keys', tag: 'api-keys', summary: 'Your API keys (admins: everyone\'s with ?all=true); never the keys themselves', access: 'viewer',
  query: z.object({ all: z.enum(['true', 'false']).default('false') }),
  response: z.object({ apiKeys: z.array(ZApiKey) }),
  async handler({ app, actor, query }) {
    const everyone = query.all === 'true' && actor.role === 'admin';
    if (!everyone && !actor.userId) return { apiKeys: [] };
    return { apiKeys: (await listApiKeys(app.db, everyone ? undefined : actor.userId!)).map(describe) };
  },
});

export const revokeApiKeyEndpoint = endpoint({
  method: 'DELETE', path: '/api/api-keys/{id}', tag: 'api-keys', summary: 'Revoke an API key (takes effect at once in every web process)', access: 'viewer',
  params: ZIdParams, response: ZApiKey,
  async handler({ app, actor, params }) {
    const key = await getApiKey(app.db, params.id);
    if (!key) throw notFound(`API key ${params.id}`);
    // Any role revokes its own keys (viewers create them too); admins manage everyone's.
    if (key.userId !== actor.userId && actor.role !== 'admin') throw forbidden('you can revoke only your own API keys.');
    const revoked = (await revokeApiKey(app.db, params.id))!;
    app.apiKeys.forget(revoked.keyHash);
    await app.bus.publish({ type: 'api_key_revoked', keyHash: revoked.keyHash }).catch(() => undefined);
    await recordAudit(app.db, { actorUserId: actor.userId, action: 'api_key.revoke', targetType: 'api_key', targetId: revoked.id });
    return describe(revoked);
  },
});
