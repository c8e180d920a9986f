import { bodyTooLarge, formatBytes, mediaType } from '@overture/deployments';
import { ApiError } from '../errors';

export { formatBytes, mediaType };

/**
 * The whole body, refusing more than `limit` bytes: at once from a declared Content-Length, else
 * while counting the streamed bytes, so a huge body is never held in memory (Next's own limits do
 * not apply to route handlers that read `request.body`).
 */
export async function readBodyBytes(request: Request, limit: number, hint = ''): Promise<Buffer> {
  const tooLarge = () => bodyTooLarge(limit, hint);
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

/** A JSON body (an empty one is `{}`); bad JSON is a 400 that says where. */
export async function readJson(request: Request, limit: number): Promise<unknown> {
  const type = mediaType(request.headers.get('content-type'));
  if (type !== '' && type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiError('unsupported_media_type', `Content-Type ${type} is not accepted here: send application/json.`);
  }
  const text = (await readBodyBytes(request, limit)).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError('invalid_input', `the body is not valid JSON: ${(error as Error).message}.`);
  }
}
