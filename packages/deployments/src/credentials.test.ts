import { describe, expect, it } from 'vitest';
import type { Database } from '@overture/db';
import { ApiKeyCache } from './api-key-cache.js';
import { authenticate, sha256 } from './credentials.js';

const bootstrapApiKey = 'bootstrap-key-0123456789abcdef';
const bearer = (key: string) => ({ get: (name: string) => (name === 'authorization' ? `Bearer ${key}` : null) });

describe('authenticate with the bootstrap key', () => {
  // Cached lookups only: no database is reached (a query would throw on this stand-in).
  const db = new Proxy({}, { get: () => { throw new Error('no query expected'); } }) as Database;

  it('admits the bootstrap key as an admin, and refuses another key, whichever was asked first', async () => {
    const apiKeys = new ApiKeyCache();
    const other = 'bootstrap-key-0123456789abcdeX';
    apiKeys.set(sha256(other), null); // a known-bad key
    const settings = { db, apiKeys, bootstrapApiKey };
    await expect(authenticate(settings, bearer(other))).rejects.toMatchObject({ code: 'unauthorized' });
    expect(await authenticate(settings, bearer(bootstrapApiKey))).toEqual({ actor: { kind: 'bootstrap', userId: null, email: null, role: 'admin' }, via: 'bearer' });
    // A process whose bootstrap key changes (tests start several) compares against the new one.
    const changed = { db, apiKeys, bootstrapApiKey: other };
    expect((await authenticate(changed, bearer(other)))?.actor.kind).toBe('bootstrap');
    apiKeys.set(sha256(bootstrapApiKey), null);
    await expect(authenticate(changed, bearer(bootstrapApiKey))).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
