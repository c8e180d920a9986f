import type { BoundedZip } from '../bounded-zip.js';
import { limitError, type ReadLimits } from '../read-limits.js';
import { readXmlPart } from './xml-part.js';

/**
 * The shared-string table: each `<si>`'s text, rich-text runs joined, phonetic guides (`<rPh>`)
 * left out as Excel shows them. Its count, each string's size and the total characters are
 * capped as the part streams — a ten-megabyte workbook can declare gigabytes of strings here.
 */
export async function readSharedStrings(zip: BoundedZip, file: string, part: string, limits: ReadLimits): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | null = null;
  let length = 0;
  let total = 0;
  let inText = false;
  let phonetic = 0;
  await readXmlPart(zip, file, part, limits, {
    open(name) {
      if (name === 'si') {
        if (strings.length >= limits.maxSharedStrings) throw limitError(file, `has more than ${strings.length.toLocaleString('en-US')} shared strings`, 'maxSharedStrings', limits);
        current = [];
        length = 0;
      } else if (name === 't') inText = true;
      else if (name === 'rPh') phonetic++;
    },
    text(text) {
      if (current === null || !inText || phonetic > 0) return;
      length += text.length;
      total += text.length;
      if (length > limits.maxCellBytes) throw limitError(file, `shared string ${strings.length + 1} is longer than the per-cell limit`, 'maxCellBytes', limits);
      if (total > limits.maxSharedStringChars) throw limitError(file, `its shared strings hold more than ${total.toLocaleString('en-US')} characters`, 'maxSharedStringChars', limits);
      current.push(text);
    },
    close(name) {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current !== null) {
        strings.push(current.length === 1 ? current[0] : current.join(''));
        current = null;
      }
    },
  });
  return strings;
}
