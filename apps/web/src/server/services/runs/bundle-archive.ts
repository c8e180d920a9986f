import path from 'node:path';
import { Readable } from 'node:stream';
import { create } from 'tar';

/** A model bundle directory as a streamed .tar.gz (the folder `model/` inside), never held in memory. */
export function bundleArchive(directory: string): ReadableStream<Uint8Array> {
  const pack = create({ gzip: true, portable: true, cwd: path.dirname(directory) }, [path.basename(directory)]);
  return Readable.toWeb(Readable.from(pack as AsyncIterable<Buffer>)) as ReadableStream<Uint8Array>;
}
