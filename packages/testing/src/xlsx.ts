import { constants, crc32, deflateRawSync } from 'node:zlib';

/**
 * Writes .xlsx workbooks and zip archives for tests — honest ones, and the hostile ones the
 * readers must refuse (entries that inflate to gigabytes, sizes that lie, too many entries) —
 * built in memory from a few kilobytes, so no big file is ever committed or even written.
 */

export interface ZipEntry {
  name: string;
  /** The entry's content, deflated; or `deflated` given as is (see `repeatDeflated`). */
  data?: string | Buffer;
  deflated?: { bytes: Buffer; size: number };
  /** Sizes written in the headers instead of the true ones (a lying archive). */
  declaredSize?: number;
  /** A Unix mode (file type and permissions) recorded as made on Unix, e.g. 0o120777 for a symbolic link. */
  unixMode?: number;
}

/** A zip archive (PKWARE APPNOTE §4.3: local headers, then the central directory, then its end record). */
export function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data) : entry.data;
    const compressed = entry.deflated?.bytes ?? deflateRawSync(raw ?? Buffer.alloc(0));
    const size = entry.declaredSize ?? entry.deflated?.size ?? raw?.length ?? 0;
    const crc = raw ? crc32(raw) : 0; // yauzl does not check CRCs; a bomb's is left 0
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    if (entry.unixMode !== undefined) central.writeUInt32LE((entry.unixMode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    directory.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

/**
 * A deflate stream of `head`, then `body` repeated `times` times, then `tail`, without ever
 * holding the expansion: each part is deflated once with a full flush (byte-aligned, no
 * back-references across it), so the body's compressed bytes can simply be repeated.
 */
export function repeatDeflated(head: string, body: string, times: number, tail: string): { bytes: Buffer; size: number } {
  const flushed = (text: string) => deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_FULL_FLUSH });
  const repeated = flushed(body);
  const bytes = Buffer.concat([flushed(head), ...Array.from({ length: times }, () => repeated), deflateRawSync(Buffer.from(tail))]);
  return { bytes, size: Buffer.byteLength(head) + Buffer.byteLength(body) * times + Buffer.byteLength(tail) };
}

export type XlsxCell = string | number | boolean | Date | null | undefined | { formula: string; result: number | string } | { richText: string[] } | { error: string };

export interface XlsxSheet {
  name: string;
  rows: XlsxCell[][];
}

export interface XlsxOptions {
  /** Count dates from 1904 (old Mac Excel) instead of 1900. */
  date1904?: boolean;
  /** Strings inline in the sheet instead of in the shared-string table. */
  inlineStrings?: boolean;
  /** Replace or add parts (a bomb's sharedStrings.xml, a padded sheet). */
  parts?: ZipEntry[];
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const relNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * An .xlsx workbook as Excel writes one: package and workbook relationships, workbook.xml,
 * styles.xml (style 1 is a date format), the shared-string table, and one part per sheet —
 * stored with the sheets before the shared strings, as Excel orders them.
 */
export function xlsxWorkbook(sheets: XlsxSheet[], options: XlsxOptions = {}): Buffer {
  const shared: string[] = [];
  const sharedIndex = new Map<string, number>();
  const stringCell = (ref: string, text: string) => {
    if (options.inlineStrings) return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(text)}</t></is></c>`;
    let index = sharedIndex.get(text);
    if (index === undefined) {
      index = shared.push(text) - 1;
      sharedIndex.set(text, index);
    }
    return `<c r="${ref}" t="s"><v>${index}</v></c>`;
  };
  const epoch = options.date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const cell = (value: XlsxCell, ref: string): string => {
    if (value === null || value === undefined) return '';
    if (typeof value === 'string') return stringCell(ref, value);
    if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
    if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
    if (value instanceof Date) return `<c r="${ref}" s="1"><v>${(value.getTime() - epoch) / 86_400_000}</v></c>`;
    if ('formula' in value) {
      const type = typeof value.result === 'string' ? ' t="str"' : '';
      return `<c r="${ref}"${type}><f>${xml(value.formula)}</f><v>${xml(String(value.result))}</v></c>`;
    }
    if ('richText' in value) return `<c r="${ref}" t="inlineStr"><is>${value.richText.map((text) => `<r><t>${xml(text)}</t></r>`).join('')}</is></c>`;
    return `<c r="${ref}" t="e"><v>${xml(value.error)}</v></c>`;
  };
  const sheetParts = sheets.map((sheet, s) => {
    const rows = sheet.rows.map((row, r) => `<row r="${r + 1}">${row.map((value, c) => cell(value, `${columnName(c)}${r + 1}`)).join('')}</row>`);
    return { name: `xl/worksheets/sheet${s + 1}.xml`, data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${ns}><sheetData>${rows.join('')}</sheetData></worksheet>` };
  });
  const parts: ZipEntry[] = [
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${sheets.map((sheet, s) => `<sheet name="${xml(sheet.name)}" sheetId="${s + 1}" r:id="rId${s + 1}"/>`).join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, s) => `<Relationship Id="rId${s + 1}" Type="${relNs}/worksheet" Target="worksheets/sheet${s + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="${relNs}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${relNs}/styles" Target="styles.xml"/></Relationships>`,
    },
    ...sheetParts,
    {
      name: 'xl/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    },
    { name: 'xl/sharedStrings.xml', data: `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="${shared.length}" uniqueCount="${shared.length}">${shared.map((text) => `<si><t xml:space="preserve">${xml(text)}</t></si>`).join('')}</sst>` },
  ];
  for (const replacement of options.parts ?? []) {
    const at = parts.findIndex((part) => part.name === replacement.name);
    if (at === -1) parts.push(replacement);
    else parts[at] = replacement;
  }
  return zipArchive(parts);
}
