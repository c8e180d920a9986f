import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, waitFor } from './ports.js';

const BIN = process.env.POSTGRES_BIN_DIR ?? findPostgresBin();

function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const version of ['17', '16', '15', '14', '13']) {
      if (existsSync(path.join(root, version, 'bin', 'initdb'))) return path.join(root, version, 'bin');
    }
  }
  return '';
}

/** initdb and postgres refuse to run as root: run them as the `postgres` user then. */
function run(command: string, args: string[]): string {
  const file = path.join(BIN, command);
  const asRoot = process.getuid?.() === 0;
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' })
    : spawnSync(file, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

export interface PrivatePostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  serverUrl: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Fast shutdown (connections are cut) then start again on the same port. */
  restart(): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * A throw-away Postgres server on a free port (initdb + pg_ctl), for tests that stop or restart
 * the database: never the machine's own server.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  if (!BIN) throw new Error('initdb not found: install PostgreSQL server binaries or set POSTGRES_BIN_DIR');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'overture-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const serverUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const ready = () => waitFor(`postgres on port ${port}`, async () => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  });
  const start = async () => {
    run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
    await ready();
  };
  const stop = async () => {
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  return {
    serverUrl,
    port,
    start,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async destroy() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
