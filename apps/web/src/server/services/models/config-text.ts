import { didYouMean, OvertureError, parseConfigText, type ErrorDetail, type ResolveResult } from '@overture/config';
import { isMap, isSeq, isScalar, isPair, LineCounter, parseDocument, type Node } from 'yaml';

/** The 1-based line and column of a config path (`input_features[1].name`) in YAML text, when found. */
function locate(text: string, path: (string | number)[]): { line?: number; column?: number } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      node = pair.value;
      offset = (pair.value as Node | null)?.range?.[0] ?? (pair.key as Node).range?.[0];
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = (node as Node | undefined)?.range?.[0];
    } else break;
  }
  if (offset === undefined) return {};
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/**
 * Parses and resolves a config (schema errors come with path, line, column and suggestion from
 * parseConfigText), then checks that every feature reads a column the dataset has.
 */
export function parseConfigForDataset(text: string, columns: string[] | null): ResolveResult {
  const result = parseConfigText(text);
  if (!columns) return result;
  const problems: ErrorDetail[] = [];
  const known = new Set(columns);
  for (const list of ['input_features', 'output_features'] as const) {
    result.config[list].forEach((feature, index) => {
      const column = (feature as { column?: string }).column ?? feature.name;
      if (known.has(column)) return;
      const key = (feature as { column?: string }).column !== undefined && column !== feature.name ? 'column' : 'name';
      const path = `${list}[${index}].${key}`;
      const suggestion = didYouMean(column, columns);
      problems.push({ path, message: `the dataset has no column '${column}'`, ...(suggestion ? { suggestion } : {}), ...locate(text, [list, index, key]) });
    });
  }
  if (problems.length > 0) {
    throw new OvertureError('invalid_config', `${problems[0].path}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, problems);
  }
  return result;
}
