import { rm } from 'node:fs/promises';
import path from 'node:path';
import { badInput } from '../../errors';
import { receiveMultipartFile } from '../../http/multipart-file';
import { uploadsFolder } from '../store-paths';
import { acceptedExtensions, formatOfFileName, type UploadFormat } from './formats';
import { sniffUpload } from './sniff';

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
 * A dataset upload: the multipart `file` field streamed into DATA_DIR/uploads under a partial
 * name, then renamed into DATA_DIR/datasets under its format's extension (see receiveMultipartFile
 * for limits and cleanup), refused in words when its extension is not a format we read.
 */
export async function receiveUpload(request: Request, dataDir: string, maxBytes: number): Promise<ReceivedFile> {
  let format: { format: UploadFormat; extension: string } | null = null;
  const received = await receiveMultipartFile(request, {
    folder: path.join(/*turbopackIgnore: true*/ dataDir, 'datasets'),
    partialFolder: uploadsFolder(dataDir),
    maxBytes,
    limitSetting: 'OVERTURE_MAX_UPLOAD_BYTES',
    accept: (fileName) => {
      format = formatOfFileName(fileName);
      if (!format) return badInput(`'${fileName || '(no name)'}' is not a data file we can read: upload ${acceptedExtensions}.`, [{ path: 'file', message: 'unsupported file type' }]);
      return { extension: format.extension };
    },
  });
  const accepted = format as { format: UploadFormat; extension: string } | null;
  const problem = await sniffUpload(received.file, accepted!.format, received.fileName);
  if (problem) {
    await rm(received.file, { force: true });
    throw badInput(problem, [{ path: 'file', message: problem }]);
  }
  return {
    id: received.id,
    storagePath: `datasets/${path.basename(received.file)}`,
    fileName: received.fileName,
    format: accepted!.format,
    sizeBytes: received.sizeBytes,
    contentHash: received.contentHash,
    name: received.fields.name || null,
  };
}
