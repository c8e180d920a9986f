import { ApiError } from './errors.js';

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${+(bytes / 1024).toFixed(1)} KB`;
}

/** The 413 of a body over `limit` bytes; the connection is closed (the rest of the body is not read). */
export function bodyTooLarge(limit: number, hint = ''): ApiError {
  return new ApiError('too_large', `the request body is larger than ${formatBytes(limit)}${hint ? `; ${hint}` : ''}.`, [], { connection: 'close' });
}
