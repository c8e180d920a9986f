import { posix } from 'node:path';
import { dataError } from '../../data-error.js';
import type { BoundedZip } from '../bounded-zip.js';
import type { ReadLimits } from '../read-limits.js';
import { readXmlPart } from './xml-part.js';

/** Where the parts of a workbook's first sheet are (ECMA-376 Part 1, §12.3: found through relationships). */
export interface WorkbookParts {
  /** The first sheet in the workbook's tab order. */
  sheet: string;
  sharedStrings: string | null;
  styles: string | null;
  /** Dates count days from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
}

const relType = (type: string) => type.slice(type.lastIndexOf('/') + 1);

/** Reads the package and workbook relationships and workbook.xml (all small parts) to find the first sheet. */
export async function readWorkbookParts(zip: BoundedZip, file: string, limits: ReadLimits): Promise<WorkbookParts> {
  const rootRels = await readRelationships(zip, file, limits, '_rels/.rels', '');
  const workbook = [...rootRels.values()].find((rel) => rel.type === 'officeDocument')?.target ?? 'xl/workbook.xml';
  if (!zip.entries.has(workbook)) throw dataError(file, 'is not an Excel (.xlsx) workbook: it has no workbook part (xl/workbook.xml).');
  const folder = posix.dirname(workbook);
  const rels = await readRelationships(zip, file, limits, posix.join(folder, '_rels', `${posix.basename(workbook)}.rels`), folder);

  const sheetIds: string[] = [];
  let date1904 = false;
  await readXmlPart(zip, file, workbook, limits, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(attributes.date1904 ?? '');
      if (name === 'sheet') {
        const id = Object.entries(attributes).find(([key]) => key === 'id' || key.endsWith(':id'))?.[1];
        if (id !== undefined) sheetIds.push(id);
      }
    },
  });
  const sheet = sheetIds.map((id) => rels.get(id)).find((rel) => rel?.type === 'worksheet')?.target;
  if (sheet === undefined || !zip.entries.has(sheet)) throw dataError(file, 'has no worksheet: an Excel (.xlsx) workbook needs at least one sheet.');
  const byType = (type: string) => [...rels.values()].find((rel) => rel.type === type && zip.entries.has(rel.target))?.target ?? null;
  return { sheet, sharedStrings: byType('sharedStrings'), styles: byType('styles'), date1904 };
}

/** A relationships part as id → {type's last segment, target resolved against `folder`}; a missing part is none. */
async function readRelationships(zip: BoundedZip, file: string, limits: ReadLimits, part: string, folder: string) {
  const rels = new Map<string, { type: string; target: string }>();
  if (!zip.entries.has(part)) return rels;
  await readXmlPart(zip, file, part, limits, {
    open(name, attributes) {
      if (name !== 'Relationship' || !attributes.Id || !attributes.Target || attributes.TargetMode === 'External') return;
      const target = attributes.Target.startsWith('/') ? attributes.Target.slice(1) : posix.join(folder, attributes.Target);
      rels.set(attributes.Id, { type: relType(attributes.Type ?? ''), target: posix.normalize(target) });
    },
  });
  return rels;
}
