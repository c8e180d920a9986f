import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { ApiError, badInput } from '../../errors';
import { formatBytes } from '../../http/read-body';
import { acceptedExtensions, formatOfFileName, type UploadFormat } from './formats';

export interface ReceivedFile {
  id: string;
  /** Relative to DATA_DIR. */
  storagePath: string;
  fileName: string;
  format: UploadFormat;
  sizeBytes: number;
  contentHash: string;
  /** The optional `name` form field. */
  name: string | null;
}

/**
 * Streams a multipart upload's `file` field straight into DATA_DIR/datasets (DESIGN "Known traps":
 * never `request.formData()`, which buffers everything), hashing it on the way. More than
 * `maxBytes` of file is a 413 (counted, not trusted from headers); a body that ends early is a 400.
 * Nothing is left on disk when the upload fails.
 */
export async function receiveUpload(request: Request, dataDir: string, maxBytes: number): Promise<ReceivedFile> {
  const contentType = request.headers.get('content-type') ?? '';
  const declared = Number(request.headers.get('content-length'));
  // The multipart framing adds a little; a body far over the limit is refused before reading it.
  if (Number.isFinite(declared) && declared > maxBytes + 1024 * 1024) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }
  if (!request.body) throw badInput('the request has no body: send multipart/form-data with the file in a field named "file".');
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': contentType }, limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } });
  } catch (error) {
    throw badInput(`not a multipart upload (${(error as Error).message}).`);
  }
  const id = randomUUID();
  const folder = path.join(dataDir, 'datasets');
  await fs.mkdir(folder, { recursive: true });
  let target: string | null = null;
  let file: Omit<ReceivedFile, 'name'> | null = null;
  let problem: ApiError | null = null;
  let name: string | null = null;
  const writes: Promise<void>[] = [];

  parser.on('field', (field, value) => {
    if (field === 'name') name = value.trim() || null;
  });
  parser.on('file', (field, stream, info) => {
    const fileName = path.basename(info.filename ?? '');
    const format = formatOfFileName(fileName);
    if (field !== 'file' || file || problem) {
      stream.resume();
      return;
    }
    if (!format) {
      problem = badInput(`'${fileName || '(no name)'}' is not a data file we can read: upload ${acceptedExtensions}.`, [{ path: 'file', message: 'unsupported file type' }]);
      stream.resume();
      return;
    }
    const storagePath = `datasets/${id}${format.extension}`;
    target = path.join(dataDir, storagePath);
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    stream.on('limit', () => { problem = tooLarge(maxBytes); });
    const written = pipeline(stream, counter, createWriteStream(target)).then(() => {
      file = { id, storagePath, fileName, format: format.format, sizeBytes: size, contentHash: hash.digest('hex') };
    });
    written.catch(() => undefined); // awaited below; a body cut short fails the parser first
    writes.push(written);
  });

  const source = Readable.fromWeb(request.body as unknown as NodeWebStream<Uint8Array>);
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('close', resolve);
      parser.on('error', reject);
      source.on('error', reject);
      source.pipe(parser);
    });
    await Promise.all(writes);
  } catch (error) {
    await removeQuietly(target);
    if (problem) throw problem;
    throw badInput(`the upload ended early or is malformed (${(error as Error).message}); send the whole file again.`);
  }
  if (problem) {
    await removeQuietly(target);
    throw problem;
  }
  const received = file as Omit<ReceivedFile, 'name'> | null;
  if (!received) throw badInput('no file in the upload: send multipart/form-data with the file in a field named "file".', [{ path: 'file', message: 'missing' }]);
  if (received.sizeBytes === 0) {
    await removeQuietly(target);
    throw badInput(`'${received.fileName}' is empty.`, [{ path: 'file', message: 'empty file' }]);
  }
  return { ...received, name };
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('too_large', `the file is larger than the upload limit of ${formatBytes(maxBytes)} (OVERTURE_MAX_UPLOAD_BYTES).`, [], { connection: 'close' });
}

async function removeQuietly(file: string | null): Promise<void> {
  if (file) await fs.rm(file, { force: true }).catch(() => undefined);
}
