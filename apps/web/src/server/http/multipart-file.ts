import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { ApiError, badInput, isApiError } from '../errors';
import { formatBytes } from './read-body';

export interface MultipartFileOptions {
  /** Absolute folder the finished file is renamed into (created when missing). */
  folder: string;
  /**
   * Absolute folder the file is written into while it arrives, as `.partial-<id><ext>` (default
   * `folder`; on the same filesystem, so the rename is atomic). A crash leaves only partial files,
   * which the orphan sweep removes; no file under its real name is ever half written.
   */
  partialFolder?: string;
  maxBytes: number;
  /** The file name's extension to store it under, or the reason it is refused. */
  accept: (fileName: string) => { extension: string } | ApiError;
  /** Names the setting behind `maxBytes` in the 413 message. */
  limitSetting?: string;
}

export interface ReceivedMultipartFile {
  id: string;
  /** Absolute path of the stored file. */
  file: string;
  fileName: string;
  sizeBytes: number;
  contentHash: string;
  /** The other (text) form fields, trimmed. */
  fields: Record<string, string>;
}

/**
 * Streams a multipart upload's `file` field straight to `folder` (DESIGN "Known traps": never
 * `request.formData()`, which buffers everything), hashing it on the way. More than `maxBytes`
 * of file is a 413 (counted, not trusted from headers); a body that ends early is a 400. The
 * file is written under a partial name and renamed into `folder` only once complete; nothing is
 * left on disk when the upload fails or the client goes away.
 */
export async function receiveMultipartFile(request: Request, options: MultipartFileOptions): Promise<ReceivedMultipartFile> {
  const { maxBytes } = options;
  const tooLarge = () => new ApiError('too_large', `the file is larger than the upload limit of ${formatBytes(maxBytes)}${options.limitSetting ? ` (${options.limitSetting})` : ''}.`, [], { connection: 'close' });
  const declared = Number(request.headers.get('content-length'));
  // The multipart framing adds a little; a body far over the limit is refused before reading it.
  if (Number.isFinite(declared) && declared > maxBytes + 1024 * 1024) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!request.body) throw badInput('the request has no body: send multipart/form-data with the file in a field named "file".');
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { 'content-type': request.headers.get('content-type') ?? '' }, limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } });
  } catch (error) {
    throw badInput(`not a multipart upload (${(error as Error).message}).`);
  }
  const id = randomUUID();
  const partialFolder = options.partialFolder ?? options.folder;
  await Promise.all([fs.mkdir(options.folder, { recursive: true }), fs.mkdir(partialFolder, { recursive: true })]);
  let target: string | null = null;
  let extension = '';
  let received: Omit<ReceivedMultipartFile, 'fields'> | null = null;
  let problem: ApiError | null = null;
  const fields: Record<string, string> = {};
  const writes: Promise<void>[] = [];

  parser.on('field', (field, value) => {
    if (field !== 'file') fields[field] = value.trim();
  });
  parser.on('file', (field, stream, info) => {
    const fileName = path.basename(info.filename ?? '');
    if (field !== 'file' || received || target || problem) {
      stream.resume();
      return;
    }
    const accepted = options.accept(fileName);
    if (isApiError(accepted)) {
      problem = accepted;
      stream.resume();
      return;
    }
    extension = accepted.extension;
    const file = path.join(/*turbopackIgnore: true*/ partialFolder, `${PARTIAL_PREFIX}${id}${extension}`);
    target = file;
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    stream.on('limit', () => { problem = tooLarge(); });
    const written = pipeline(stream, counter, createWriteStream(file)).then(() => {
      received = { id, file, fileName, sizeBytes: size, contentHash: hash.digest('hex') };
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
  const file = received as Omit<ReceivedMultipartFile, 'fields'> | null;
  if (!file) throw badInput('no file in the upload: send multipart/form-data with the file in a field named "file".', [{ path: 'file', message: 'missing' }]);
  if (file.sizeBytes === 0) {
    await removeQuietly(target);
    throw badInput(`'${file.fileName}' is empty.`, [{ path: 'file', message: 'empty file' }]);
  }
  // The whole body arrived and passed the checks: only now does the file get its real name.
  const finished = path.join(/*turbopackIgnore: true*/ options.folder, `${id}${extension}`);
  try {
    await fs.rename(file.file, finished);
  } catch (error) {
    await removeQuietly(target);
    // The orphan sweep takes a partial file nothing has written to for its grace period.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw badInput('the upload stalled for too long and was discarded; send the file again.');
    throw error;
  }
  return { ...file, file: finished, fields };
}

/** Name prefix of a file still being received (see MultipartFileOptions.partialFolder). */
export const PARTIAL_PREFIX = '.partial-';

async function removeQuietly(file: string | null): Promise<void> {
  if (file) await fs.rm(file, { force: true }).catch(() => undefined);
}
