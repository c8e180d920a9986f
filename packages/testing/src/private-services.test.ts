import pg from 'pg';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startPrivatePostgres } from './private-postgres.js';
import { startPrivateRedis } from './private-redis.js';
import { createTestDatabase } from './database.js';

describe('private services for restart tests', () => {
  it('run a Postgres of their own that restarts on the same port with its data', async () => {
    const server = await startPrivatePostgres();
    try {
      const database = await createTestDatabase('private', server.serverUrl);
      await database.pool.query(`INSERT INTO users (email) VALUES ('a@b.c')`);
      await server.restart();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      expect((await client.query('SELECT email FROM users')).rows).toEqual([{ email: 'a@b.c' }]);
      await client.end();
      await database.drop();
    } finally {
      await server.destroy();
    }
  });

  it('run a Redis of their own whose keys survive a restart', async () => {
    const server = await startPrivateRedis();
    const redis = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
    redis.on('error', () => undefined);
    try {
      await redis.set('k', 'v');
      await server.restart();
      expect(await redis.get('k')).toBe('v');
    } finally {
      redis.disconnect();
      await server.destroy();
    }
  });
});
