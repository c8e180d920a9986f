import { ApiError } from '../../errors';

const TIME_LIMIT = 'the query ran longer than the time limit (OVERTURE_SQL_TIMEOUT_MS); narrow it down.';

/** What the client-side deadline says: the same words as the server's own time limit. */
export const timeLimitError = () => new ApiError('invalid_input', TIME_LIMIT, [{ path: 'source.query', message: 'time limit' }]);

/** How to make the read-only user a source should have, in the words of its database. */
export function readOnlyUserHelp(type: 'postgres' | 'mysql', user: string, why: string): ApiError {
  const grants = type === 'postgres'
    ? "CREATE ROLE overture_reader LOGIN PASSWORD '…'; GRANT CONNECT ON DATABASE <db> TO overture_reader; GRANT USAGE ON SCHEMA public TO overture_reader; GRANT SELECT ON ALL TABLES IN SCHEMA public TO overture_reader; ALTER ROLE overture_reader SET default_transaction_read_only = on;"
    : "CREATE USER 'overture_reader'@'%' IDENTIFIED BY '…'; GRANT SELECT ON <db>.* TO 'overture_reader'@'%';";
  return new ApiError('invalid_input', `the source's user '${user.slice(0, 64)}' ${why}; give the source a read-only user instead, e.g. ${grants}`, [{ path: 'source.url', message: 'not a read-only user' }]);
}

/** A driver error as a 400 that says what failed, without the URL (it may hold a password). */
export function describeSourceError(error: unknown, stage: 'connect' | 'query'): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as { code?: string; errno?: number; message?: string; sqlMessage?: string };
  const message = (e.sqlMessage ?? e.message ?? String(error)).split('\n')[0];
  if (stage === 'connect') {
    const hint = e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ETIMEDOUT' || /timeout/i.test(message)
      ? 'is the database running and reachable from the Overture server?'
      : e.code === '28P01' || e.code === 'ER_ACCESS_DENIED_ERROR' ? 'check the user and password.'
        : e.code === '3D000' || e.code === 'ER_BAD_DB_ERROR' ? 'check the database name.' : 'check the connection URL.';
    return new ApiError('invalid_input', `cannot connect to the source database (${e.code ? `${e.code}: ` : ''}${message}); ${hint}`, [{ path: 'source.url', message }]);
  }
  // By code, not words: a syntax error quotes the query, which may well say max_statement_time.
  // (MariaDB's 1969 has no name in mysql2's table; MySQL's is ER_QUERY_TIMEOUT, 3024.)
  const timeout = e.code === '57014' || e.errno === 1969 || e.errno === 3024;
  const readOnly = e.code === '25006' || e.code === 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION';
  const several = /cannot insert multiple commands into a prepared statement/i.test(message);
  const text = timeout ? TIME_LIMIT
    : readOnly ? 'only reading queries (SELECT) can be snapshotted.'
      : several ? "a snapshot runs exactly one statement; remove the ';' and what follows it."
        : `the query failed: ${message}`;
  return new ApiError('invalid_input', text, [{ path: 'source.query', message }]);
}
