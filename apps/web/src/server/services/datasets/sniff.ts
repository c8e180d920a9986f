import { open } from 'node:fs/promises';
import type { UploadFormat } from './formats';

/** Enough of a file to tell text from binary and to see a header line and a first row. */
const SNIFF_BYTES = 64 * 1024;

const formatWords: Record<UploadFormat, string> = {
  csv: 'a CSV file (comma-separated text)', tsv: 'a TSV file (tab-separated text)', json: 'a JSON file', jsonl: 'a JSON Lines file',
  parquet: 'a Parquet file', xlsx: 'an Excel workbook (.xlsx)', zip: 'a zip archive (a table and the image or audio files it names)',
};

/** File signatures users upload by mistake, so the message can say what the file is instead. */
const signatures: [bytes: number[], what: string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (an Excel workbook is one: name it .xlsx)'],
  [[0x50, 0x41, 0x52, 0x31], 'a Parquet file (name it .parquet)'],
  [[0x1f, 0x8b], 'a gzip archive (unpack it first)'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Office file (.xls): save it as .xlsx or CSV'],
];

const startsWith = (head: Uint8Array, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/**
 * Why an uploaded file cannot be a dataset, in words naming the user's file, or null when it may
 * be one: a binary file given a text extension (the CSV reader would call it "a quoted field that
 * is never closed"), a file of the wrong binary kind, an empty file, or a header with no rows. The
 * readers stay the judge of everything else; this only reads the file's first 64 KiB.
 */
export async function sniffUpload(file: string, format: UploadFormat, fileName: string): Promise<string | null> {
  const handle = await open(file, 'r');
  let head: Uint8Array;
  let whole: boolean;
  try {
    const { size } = await handle.stat();
    const buffer = new Uint8Array(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
    whole = bytesRead === size;
  } finally {
    await handle.close();
  }
  if (head.length === 0) return `'${fileName}' is empty: upload a file with a header and at least one row.`;
  const known = signatures.find(([bytes]) => startsWith(head, bytes));
  if (format === 'parquet' || format === 'xlsx' || format === 'zip') {
    const expected = format === 'parquet' ? signatures[1][0] : signatures[0][0];
    if (startsWith(head, expected)) return null;
    if (format === 'zip' && startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return `'${fileName}' is an empty zip archive: put the table and the image or audio files its rows name in it.`;
    return `'${fileName}' is not ${formatWords[format]}: ${known ? `it looks like ${known[1]}` : 'its first bytes are not that format\'s signature'}. Upload the file in the format its name says.`;
  }
  if (known || head.includes(0)) {
    const what = known ? `it looks like ${known[1]}` : 'it holds binary data (NUL bytes), as images, archives and UTF-16 text do';
    return `'${fileName}' is not ${formatWords[format]}: ${what}. Save the data as UTF-8 ${format === 'json' || format === 'jsonl' ? 'JSON' : 'CSV'} text and upload it again.`;
  }
  if (!whole) return null;
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if ((format === 'csv' || format === 'tsv') && lines.length <= 1) {
    return `'${fileName}' has a header but no rows: add at least one row of data under the header and upload it again.`;
  }
  if ((format === 'jsonl' && lines.length === 0) || (format === 'json' && /^\s*\[\s*\]\s*$/.test(text))) {
    return `'${fileName}' has no rows: it needs at least one record.`;
  }
  return null;
}
