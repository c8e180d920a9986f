import { isOvertureError, type ErrorDetail } from '@overture/config';
import { z } from 'zod';

/** The REST error codes (DESIGN "Contracts: REST errors") with their statuses. */
export const httpErrorStatus = {
  invalid_input: 400,
  invalid_config: 400,
  invalid_data: 400,
  unsupported: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type HttpErrorCode = keyof typeof httpErrorStatus;

/**
 * Marks ApiErrors across module copies: Next bundles the process context (created at start-up, in
 * instrumentation) apart from each route, so an ApiError thrown by a context-held object (the
 * deployment server) is of another class than the route's and `instanceof` alone would make it a 500.
 */
const API_ERROR = Symbol.for('overture.ApiError');

/** A failure with a code (→ status), a plain-English message and optional per-item problems. */
export class ApiError extends Error {
  readonly [API_ERROR] = true;
  constructor(readonly code: HttpErrorCode, message: string, readonly details: ErrorDetail[] = [], readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
  }
  get status(): number {
    return httpErrorStatus[this.code];
  }
}

/** An ApiError from this module or from another bundle's copy of it. */
export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError || (typeof error === 'object' && error !== null && (error as { [API_ERROR]?: boolean })[API_ERROR] === true);
}

export const notFound = (what: string) => new ApiError('not_found', `${what} does not exist (or you cannot see it).`);
export const forbidden = (message: string) => new ApiError('forbidden', message);
export const conflict = (message: string) => new ApiError('conflict', message);
export const badInput = (message: string, details: ErrorDetail[] = []) => new ApiError('invalid_input', message, details);

export const ZErrorBody = z.object({
  /** `total`: how many problems there are, when `errors` lists only the first of them (configs: the first 100). */
  error: z.object({ code: z.string(), message: z.string(), total: z.number().int().optional() }),
  errors: z.array(z.object({
    path: z.string().optional(), message: z.string(), suggestion: z.string().optional(), line: z.number().optional(), column: z.number().optional(),
  })).optional(),
});
export type ErrorBody = z.infer<typeof ZErrorBody>;

/** The envelope and status of any thrown value; unknown errors are 500s whose details stay in the log. */
export function toErrorResponse(error: unknown, log: (message: string) => void = console.error): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (isApiError(error)) {
    return { status: error.status, body: envelope(error.code, error.message, error.details), headers: error.headers };
  }
  if (isOvertureError(error)) {
    return { status: error.status, body: envelope(error.code, error.message, error.details, error.total), headers: {} };
  }
  // By name too: zod may be bundled into another chunk than this one (see ApiError's brand).
  if (error instanceof z.ZodError || ((error as Error)?.name === 'ZodError' && Array.isArray((error as z.ZodError).issues))) {
    const details = (error as z.ZodError).issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { status: 400, body: envelope('invalid_input', describeIssues(details), details), headers: {} };
  }
  const pgCode = (error as { code?: string })?.code;
  if (pgCode === '23505') return { status: 409, body: envelope('conflict', 'that name is already taken.'), headers: {} };
  if (pgCode === '23503') return { status: 409, body: envelope('conflict', 'other objects still refer to this one; remove them first.'), headers: {} };
  // Class 22 (data exception): a value from the request Postgres cannot take, e.g. a NUL byte in a name or a malformed id.
  if (typeof pgCode === 'string' && pgCode.startsWith('22') && pgCode.length === 5) {
    return { status: 400, body: envelope('invalid_input', `a value in the request is not valid: ${(error as Error).message}.`), headers: {} };
  }
  log(`unexpected error: ${(error as Error)?.stack ?? String(error)}`);
  return { status: 500, body: envelope('internal', 'something went wrong on the server; the error is in its log.'), headers: {} };
}

function envelope(code: string, message: string, details: ErrorDetail[] = [], total = details.length): ErrorBody {
  if (details.length === 0) return { error: { code, message } };
  return { error: total > details.length ? { code, message, total } : { code, message }, errors: details };
}

function describeIssues(details: { path: string; message: string }[]): string {
  const first = details.slice(0, 3).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; ');
  return details.length > 3 ? `${first} (and ${details.length - 3} more)` : first;
}
