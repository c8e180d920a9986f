/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** A start-up message that says what failed, where, and what to do. */
export function describeConnectionError(error: unknown, url: string): string {
  const e = error as { code?: string; message?: string };
  const where = redactUrl(url);
  const reason = e.code ? `${e.code}: ${e.message ?? ''}` : String(e.message ?? error);
  const hint = e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT'
    ? 'is PostgreSQL running and reachable? Set DATABASE_URL to point at it.'
    : e.code === '28P01' || e.code === '28000'
      ? 'check the user and password in DATABASE_URL.'
      : e.code === '3D000'
        ? 'the database does not exist: run `npm run db:migrate`, which creates it.'
        : e.code === '42P01'
          ? 'the schema is missing: run `npm run db:migrate`.'
          : 'check DATABASE_URL.';
  return `cannot use PostgreSQL at ${where} (${reason.trim()}); ${hint}`;
}
