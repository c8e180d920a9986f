import type { BoundedZip } from '../bounded-zip.js';
import type { ReadLimits } from '../read-limits.js';
import { readXmlPart } from './xml-part.js';

/**
 * Built-in number formats that show a date or time (ECMA-376 Part 1, §18.8.30, plus the
 * East Asian date formats 27–36 and 50–58 that Excel assigns by locale).
 */
const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/**
 * A custom format code shows a date when, outside quoted text and [colour]/[condition] sections,
 * it has a date or time token — the test exceljs and SheetJS use, so a number styled `yyyy-mm-dd`
 * reads as a date and one styled `0.00 "days"` does not.
 */
export function isDateFormatCode(code: string): boolean {
  const plain = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*]/g, '').replace(/[_*\\]./g, '');
  return /[ymdhsb]/i.test(plain.replace(/General/gi, ''));
}

/** The cell style indexes (`s` of a cell, an index into cellXfs) whose number format is a date. */
export async function readDateStyles(zip: BoundedZip, file: string, part: string, limits: ReadLimits): Promise<Set<number>> {
  const customDate = new Map<number, boolean>();
  const cellFormats: number[] = [];
  let inCellXfs = false;
  await readXmlPart(zip, file, part, limits, {
    open(name, attributes) {
      if (name === 'numFmt') customDate.set(Number(attributes.numFmtId), isDateFormatCode(attributes.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) cellFormats.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  const dates = new Set<number>();
  cellFormats.forEach((format, style) => {
    if (customDate.get(format) ?? builtInDateFormats.has(format)) dates.add(style);
  });
  return dates;
}
