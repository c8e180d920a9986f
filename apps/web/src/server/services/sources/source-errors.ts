import { ApiError } from '../../errors';

/** A driver error as a 400 that says what failed, without the URL (it may hold a password). */
export function describeSourceError(error: unknown, stage: 'connect' | 'query'): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as { code?: string; message?: string; sqlMessage?: string };
  const message = (e.sqlMessage ?? e.message ?? String(error)).split('\n')[0];
  if (stage === 'connect') {
    const hint = e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ETIMEDOUT' || /timeout/i.test(message)
      ? 'is the database running and reachable from the Overture server?'
      : e.code === '28P01' || e.code === 'ER_ACCESS_DENIED_ERROR' ? 'check the user and password.'
        : e.code === '3D000' || e.code === 'ER_BAD_DB_ERROR' ? 'check the database name.' : 'check the connection URL.';
    return new ApiError('invalid_input', `cannot connect to the source database (${e.code ? `${e.code}: ` : ''}${message}); ${hint}`, [{ path: 'source.url', message }]);
  }
  const timeout = e.code === '57014' || e.code === 'ER_STATEMENT_TIMEOUT' || /max_statement_time|maximum statement execution time/i.test(message);
  const readOnly = e.code === '25006' || e.code === 'ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION';
  const text = timeout ? 'the query ran longer than the time limit (OVERTURE_SQL_TIMEOUT_MS); narrow it down.'
    : readOnly ? 'only reading queries (SELECT) can be snapshotted.'
      : `the query failed: ${message}`;
  return new ApiError('invalid_input', text, [{ path: 'source.query', message }]);
}
