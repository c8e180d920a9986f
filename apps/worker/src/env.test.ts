import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, machineDatabaseUrl, machineRedisUrl } from '@overture/testing';
import { defaultReadLimits } from '@overture/trainer/data';
import { parseWorkerEnv, readLimitsOf } from './env.js';
import { runWorkerToExit } from './test/worker-process.js';

describe('worker environment', () => {
  it('has the documented defaults', () => {
    expect(parseWorkerEnv({})).toMatchObject({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/overture', REDIS_URL: 'redis://127.0.0.1:6379', DATA_DIR: './data',
      WORKER_CONCURRENCY: 1, WORKER_QUEUES: ['datasets', 'training', 'predictions', 'hyperopt'], OVERTURE_REDIS_PREFIX: 'overture',
    });
  });

  it('reads the dataset read limits from OVERTURE_MAX_* (defaults: the trainer\'s) and refuses non-numbers', () => {
    expect(readLimitsOf(parseWorkerEnv({}))).toEqual(defaultReadLimits);
    const env = parseWorkerEnv({ OVERTURE_MAX_UNPACKED_BYTES: '5000000', OVERTURE_MAX_CELL_BYTES: '100', OVERTURE_MAX_ARCHIVE_ENTRIES: '7' });
    expect(readLimitsOf(env)).toEqual({ ...defaultReadLimits, maxUnpackedBytes: 5_000_000, maxCellBytes: 100, maxArchiveEntries: 7 });
    expect(env.OVERTURE_PREVIEW_ROWS).toBe(100_000);
    expect(() => parseWorkerEnv({ OVERTURE_MAX_UNPACK_RATIO: 'lots', OVERTURE_MAX_CELLS: '0' }))
      .toThrow(/\n {2}OVERTURE_MAX_UNPACK_RATIO: .* \(got 'lots'\)\n {2}OVERTURE_MAX_CELLS: .* \(got '0'\)/);
  });

  it('lists every bad variable with what it expects', () => {
    expect(() => parseWorkerEnv({ DATABASE_URL: 'mysql://x', WORKER_CONCURRENCY: 'many', WORKER_QUEUES: 'training,gpu' }))
      .toThrow(/invalid worker environment:\n {2}DATABASE_URL: must be a URL like postgresql:\/\/user@host:5432\/overture \(got 'mysql:\/\/x'\)\n {2}WORKER_CONCURRENCY: .*\n {2}WORKER_QUEUES: unknown queue\(s\) gpu/);
  });
});

describe('worker start-up', () => {
  it('exits with a clear message when Postgres is unreachable', async () => {
    const port = await freePort();
    const { code, output } = await runWorkerToExit({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/overture`, REDIS_URL: machineRedisUrl });
    expect(code).toBe(1);
    expect(output).toContain(`worker failed to start: cannot use PostgreSQL at postgresql://postgres@127.0.0.1:${port}/overture (ECONNREFUSED`);
    expect(output).toContain('is PostgreSQL running and reachable? Set DATABASE_URL');
  });

  it('exits telling to run db:migrate when the schema is missing', async () => {
    const name = `overture_test_empty_${process.pid}`;
    const admin = new pg.Client({ connectionString: machineDatabaseUrl.replace(/\/[^/]*$/, '/postgres') });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const { code, output } = await runWorkerToExit({ DATABASE_URL: machineDatabaseUrl.replace(/\/[^/]*$/, `/${name}`), REDIS_URL: machineRedisUrl });
      expect(code).toBe(1);
      expect(output).toContain('the schema is missing: run `npm run db:migrate`');
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('exits with a clear message when Redis is unreachable', async () => {
    const port = await freePort();
    const database = await createTestDatabase('env');
    try {
      const { code, output } = await runWorkerToExit({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(code).toBe(1);
      expect(output).toContain(`worker failed to start: cannot reach Redis at redis://127.0.0.1:${port} (ECONNREFUSED); is it running? Set REDIS_URL`);
    } finally {
      await database.drop();
    }
  });
});
