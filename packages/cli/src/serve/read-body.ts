import type { IncomingMessage } from 'node:http';
import { OvertureError } from '@overture/config';

/**
 * The request body, refusing more than `limit` bytes: at once from a declared Content-Length,
 * otherwise while counting the streamed bytes, so a huge or endless body is never held in memory.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new OvertureError('too_large', `the request body is larger than ${formatBytes(limit)}; send fewer rows per request.`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

export function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${+(bytes / (1 << 20)).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}
