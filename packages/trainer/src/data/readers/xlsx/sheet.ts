import { dataError } from '../../data-error.js';
import type { BoundedZip } from '../bounded-zip.js';
import { limitError, type ReadLimits } from '../read-limits.js';
import { parseXmlPart, type XmlHandlers } from './xml-part.js';

/** What a sheet's cells refer to: the shared strings, which styles are dates, the date system. */
export interface SheetContext {
  sharedStrings: readonly string[];
  dateStyles: ReadonlySet<number>;
  date1904: boolean;
}

export interface SheetRow {
  /** The worksheet's 1-based row number. */
  number: number;
  /** Cell values by 0-based column: string, number, boolean, Date, or null (blank, error). */
  cells: unknown[];
}

/** Excel's last column, XFD. */
const maxColumns = 16_384;
const dayMs = 86_400_000;

/** Days since 1899-12-30 (or 1904-01-01) as a date, as exceljs and Excel convert them (fractions are the time of day). */
export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25_569 + (date1904 ? 1462 : 0)) * dayMs));
}

/** "BC12" → 54 (0-based), or -1 when the reference has no column letters. */
function columnOf(reference: string): number {
  let column = 0;
  let letters = 0;
  for (; letters < reference.length; letters++) {
    const code = reference.charCodeAt(letters) & ~0x20; // upper-case
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return letters === 0 ? -1 : column - 1;
}

/**
 * Streams the rows of one worksheet part (ECMA-376 Part 1, §18.3.1.73 `sheetData`): cells by
 * their `r` reference (or in order when it is missing), values by the cell type `t` — shared
 * string, inline string, formula string, boolean, error, ISO date, or number (a date when its
 * style's number format is one). Formula cells give their cached result.
 */
export async function* readSheetRows(zip: BoundedZip, file: string, part: string, limits: ReadLimits, context: SheetContext): AsyncGenerator<SheetRow> {
  const done: SheetRow[] = [];
  let rowNumber = 0;
  let cells: unknown[] = [];
  let column = -1;
  let type = 'n';
  let style = 0;
  let value: string[] | null = null; // text of the cell's <v>, or of its inline string's <t>
  let length = 0;
  let phonetic = 0;

  const finishCell = () => {
    if (value === null || column < 0) return;
    const text = value.length === 1 ? value[0] : value.join('');
    cells[column] = cellValue(text);
    value = null;
  };
  const cellValue = (text: string): unknown => {
    switch (type) {
      case 's': {
        const shared = text.trim() === '' ? undefined : context.sharedStrings[Number(text)];
        return shared === undefined ? null : shared;
      }
      case 'inlineStr':
      case 'str':
        return text;
      case 'b':
        return text === '1' || text === 'true';
      case 'e':
        return null;
      case 'd': {
        const date = new Date(text);
        return Number.isNaN(date.getTime()) ? text : date;
      }
      default: {
        if (text.trim() === '') return null;
        const number = Number(text);
        if (Number.isNaN(number)) return text;
        return context.dateStyles.has(style) ? excelSerialToDate(number, context.date1904) : number;
      }
    }
  };
  let collecting = false;
  const handlers: XmlHandlers = {
    open(name, attributes) {
      switch (name) {
        case 'row':
          rowNumber = attributes.r ? Number(attributes.r) : rowNumber + 1;
          cells = [];
          column = -1;
          break;
        case 'c': {
          const at = attributes.r ? columnOf(attributes.r) : -1;
          column = at >= 0 ? at : column + 1;
          if (column >= maxColumns) throw dataError(file, `row ${rowNumber} has a cell beyond column XFD, the last column Excel allows.`, { line: rowNumber });
          type = attributes.t ?? 'n';
          style = attributes.s ? Number(attributes.s) : 0;
          value = null;
          length = 0;
          break;
        }
        case 'v':
          collecting = true;
          value = [];
          break;
        case 't':
          if (type === 'inlineStr' && phonetic === 0) {
            collecting = true;
            value ??= [];
          }
          break;
        case 'rPh':
          phonetic++;
          break;
        default:
          break;
      }
    },
    text(text) {
      if (!collecting || value === null) return;
      length += text.length;
      if (length > limits.maxCellBytes) throw limitError(file, `the cell in row ${rowNumber}, column ${column + 1} is longer than the per-cell limit`, 'maxCellBytes', limits);
      value.push(text);
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          collecting = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          finishCell();
          break;
        case 'row':
          done.push({ number: rowNumber, cells });
          cells = [];
          break;
        default:
          break;
      }
    },
  };
  for await (const _ of parseXmlPart(zip, file, part, limits, handlers)) {
    for (const row of done) yield row;
    done.length = 0;
  }
  for (const row of done) yield row;
}
