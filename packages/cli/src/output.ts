import { isOvertureError, type OvertureError } from '@overture/config';

/** Human-facing messages go to stderr so stdout stays clean for `--json` results and pipes. */
export function log(message: string): void {
  process.stderr.write(message + '\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** A user-facing error: what, where (path, line, column) and the suggestion; stack traces only in debug mode. */
export function formatError(error: unknown, debug: boolean): string {
  if (isOvertureError(error)) {
    const lines = [`error: ${error.message}`];
    for (const d of error.details) {
      const where = [d.path, d.line !== undefined ? `line ${d.line}${d.column !== undefined ? `, column ${d.column}` : ''}` : ''].filter(Boolean).join(' at ');
      lines.push(`  - ${where ? `${where}: ` : ''}${d.message}${d.suggestion ? ` (${d.suggestion})` : ''}`);
    }
    if (error.total > error.details.length) lines.push(`  … and ${(error.total - error.details.length).toLocaleString('en-US')} more`);
    return lines.join('\n');
  }
  const message = error instanceof Error ? error.message : String(error);
  return debug && error instanceof Error && error.stack ? `error: ${error.stack}` : `error: ${message}`;
}

/** The REST API's error body (`{"error": {code, message}, "errors"?: [...], "total"?}`), for `--json` failures. */
export function errorJson(error: OvertureError): { error: { code: string; message: string }; errors?: unknown[]; total?: number } {
  const out: { error: { code: string; message: string }; errors?: unknown[]; total?: number } = { error: { code: error.code, message: error.message } };
  if (error.details.length > 0) out.errors = error.details;
  if (error.total > error.details.length) out.total = error.total;
  return out;
}
