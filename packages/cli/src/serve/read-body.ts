import type { IncomingMessage } from 'node:http';
import { OvertureError } from '@overture/config';
import { readRequestBody } from '@overture/serving';

/** The request body, refusing more than `limit` bytes with a 413 that says what to do. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return readRequestBody(req, limit, () => new OvertureError('too_large', `the request body is larger than ${formatBytes(limit)}; send fewer rows per request.`));
}

export function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${+(bytes / (1 << 20)).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}
