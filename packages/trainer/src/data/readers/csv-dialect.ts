import { createCsvParser } from './papaparse.js';

export type Newline = '\n' | '\r\n' | '\r';

/** The line ending of the first line break in the sample. */
export function detectNewline(sample: string): Newline {
  const lf = sample.indexOf('\n');
  const cr = sample.indexOf('\r');
  if (cr === -1) return '\n';
  if (lf === -1) return '\r';
  if (cr < lf) return cr + 1 === lf ? '\r\n' : '\r';
  return '\n';
}

export const delimiterCandidates = [',', '\t', ';', '|'] as const;

/**
 * Picks the delimiter that splits the first lines into the same number (≥ 2) of fields, preferring
 * the most consistent and then the most fields; ties go to the order `,` tab `;` `|`. The sample is
 * parsed with the real CSV parser so delimiters inside quotes don't count.
 */
export function detectDelimiter(sample: string, newline: Newline, sampleIsWholeText: boolean): string {
  let best = { delimiter: ',', consistency: 0, fields: 1 };
  for (const delimiter of delimiterCandidates) {
    const { data } = createCsvParser(delimiter, newline, 50).parse(sample, 0, !sampleIsWholeText);
    const rows = data.filter((row) => !(row.length === 1 && row[0] === ''));
    if (rows.length === 0) continue;
    const fields = rows[0].length;
    if (fields < 2) continue;
    const consistency = rows.filter((row) => row.length === fields).length / rows.length;
    if (consistency > best.consistency || (consistency === best.consistency && fields > best.fields)) {
      best = { delimiter, consistency, fields };
    }
  }
  return best.delimiter;
}
