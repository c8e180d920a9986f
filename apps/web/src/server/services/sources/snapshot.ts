import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import Papa from 'papaparse';
import { badInput } from '../../errors';
import { runSourceQuery, type Cell } from './query-runner';
import { checkSourceAllowed, type SourceAccess } from './source-policy';
import { parseSourceUrl, type ParsedSource, type SourceLogin, type SqlSource } from './source-url';

export interface SourcePolicy extends SourceAccess {
  rowCap: number;
  timeoutMs: number;
}

export interface Snapshot {
  id: string;
  storagePath: string;
  rows: number;
  truncated: boolean;
  sizeBytes: number;
  contentHash: string;
  source: ParsedSource;
}

/** The URL parsed and its resolved addresses checked, on every run (a refresh too: DNS may have changed since). */
async function openSource(input: SqlSource, policy: SourcePolicy): Promise<SourceLogin> {
  const login = await parseSourceUrl(input.type, input.url);
  await checkSourceAllowed(login.source, policy);
  return login;
}

/** Writes a query's result as CSV into DATA_DIR/datasets/<id>.csv. No rows is an error (nothing to learn from). */
export async function snapshotQuery(input: SqlSource, policy: SourcePolicy, dataDir: string): Promise<Snapshot> {
  const login = await openSource(input, policy);
  const { source } = login;
  const id = randomUUID();
  const storagePath = `datasets/${id}.csv`;
  const file = path.join(dataDir, storagePath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  let writeError: Error | undefined;
  out.on('error', (error) => { writeError = error; }); // a failed run destroys the file with writes still pending
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const write = async (text: string) => {
    if (out.destroyed) return; // the run failed: a driver may still hand over what it had
    hash.update(text);
    sizeBytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    const outcome = await runSourceQuery(login, input.query, policy, {
      header: (columns) => write(`${Papa.unparse([columns], { newline: '\n' })}\n`),
      rows: (rows) => write(`${Papa.unparse(rows as Cell[][], { header: false, newline: '\n' })}\n`),
    });
    out.end();
    await once(out, 'close');
    if (writeError) throw writeError;
    if (outcome.rows === 0) throw badInput('the query returned no rows: there is nothing to snapshot.', [{ path: 'source.query', message: 'no rows' }]);
    return { id, storagePath, rows: outcome.rows, truncated: outcome.truncated, sizeBytes, contentHash: hash.digest('hex'), source };
  } catch (error) {
    out.destroy();
    await fs.rm(file, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** The connection test: connects, and with a query returns its columns and first rows. */
export async function testSource(input: { type: SqlSource['type']; url: string; query?: string }, policy: SourcePolicy) {
  const login = await openSource({ ...input, query: input.query ?? 'SELECT 1' }, policy);
  const { source } = login;
  let columns: string[] = [];
  const rows: Cell[][] = [];
  const outcome = await runSourceQuery(login, input.query ?? 'SELECT 1 AS ok', { rowCap: 20, timeoutMs: Math.min(policy.timeoutMs, 30_000) }, {
    header: (c) => { columns = c; },
    rows: (r) => { rows.push(...r); },
  });
  return { ok: true as const, serverVersion: outcome.serverVersion, host: source.host, database: source.database, columns: input.query ? columns : [], rows: input.query ? rows : [] };
}
