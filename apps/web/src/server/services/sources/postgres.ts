import pg from 'pg';
import type { QueryLimits, QueryOutcome, QuerySink } from './query-runner';
import { toCell } from './query-runner';
import { describeSourceError } from './source-errors';

const BATCH = 5000;

/** DATE and TIMESTAMP (without time zone) stay as the server writes them: as JS Dates they would shift with the web server's time zone. */
const asText = new Set([1082, 1114]);
const types = { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (asText.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser };

/** A server-side cursor inside `BEGIN READ ONLY` with a local statement_timeout; FETCHes in batches up to the cap. */
export async function runPostgresQuery(url: string, query: string, limits: QueryLimits, sink: QuerySink): Promise<QueryOutcome> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: 'overture-snapshot', types });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw describeSourceError(error, 'connect');
  }
  try {
    const { rows: [{ server_version: serverVersion }] } = await client.query<{ server_version: string }>('SHOW server_version');
    await client.query('BEGIN READ ONLY');
    await client.query(`SET LOCAL statement_timeout = ${Math.floor(limits.timeoutMs)}`);
    await client.query(`DECLARE overture_snapshot NO SCROLL CURSOR FOR ${query}`);
    let total = 0;
    let truncated = false;
    let headerSent = false;
    for (;;) {
      const want = Math.min(BATCH, limits.rowCap + 1 - total);
      const result = await client.query({ text: `FETCH ${want} FROM overture_snapshot`, rowMode: 'array' });
      if (!headerSent) {
        await sink.header(result.fields.map((f) => f.name));
        headerSent = true;
      }
      let rows = result.rows as unknown[][];
      if (total + rows.length > limits.rowCap) {
        rows = rows.slice(0, limits.rowCap - total);
        truncated = true;
      }
      if (rows.length > 0) await sink.rows(rows.map((r) => r.map(toCell)));
      total += rows.length;
      if (truncated || result.rows.length < want) break;
    }
    await client.query('ROLLBACK');
    return { rows: total, truncated, serverVersion };
  } catch (error) {
    throw describeSourceError(error, 'query');
  } finally {
    await client.end().catch(() => undefined);
  }
}
