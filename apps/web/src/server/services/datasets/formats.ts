/** File extensions the worker's readers accept (trainer `tableFormatsByExtension`, and a dataset archive), and the format each means. */
export const uploadFormats = {
  '.csv': 'csv', '.txt': 'csv', '.tsv': 'tsv', '.tab': 'tsv', '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl',
  '.parquet': 'parquet', '.pq': 'parquet', '.xlsx': 'xlsx',
  // A table with the image/audio files its rows name (the worker unpacks it under the read limits).
  '.zip': 'zip',
} as const;
export type UploadFormat = (typeof uploadFormats)[keyof typeof uploadFormats];

export function formatOfFileName(fileName: string): { extension: keyof typeof uploadFormats; format: UploadFormat } | null {
  const match = /(\.[a-z0-9]+)$/i.exec(fileName);
  const extension = match?.[1].toLowerCase() as keyof typeof uploadFormats | undefined;
  if (!extension || !Object.hasOwn(uploadFormats, extension)) return null;
  return { extension, format: uploadFormats[extension] };
}

export const acceptedExtensions = Object.keys(uploadFormats).join(', ');
