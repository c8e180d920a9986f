import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { OvertureError, type ErrorDetail } from './errors.js';
import type { PathSegment } from './path.js';
import { resolveConfig, type ResolveResult } from './resolve.js';
import { summarize } from './validate.js';

/** `input_features[2].encoder.type` → `['input_features', 2, 'encoder', 'type']`. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return out;
}

/**
 * The text offset of the deepest node along `path`. For a missing last key (an unknown key is
 * reported at its own path) the key itself is found; otherwise the nearest existing ancestor.
 */
function offsetOf(doc: Document, path: readonly PathSegment[], preferKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return offset;
      const key = pair.key as Node;
      offset = key.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  // Point at the value when there is one (e.g. a misspelt enum value), else at the key.
  const valueOffset = (node as Node | null)?.range?.[0];
  return !preferKey && isScalar(node) && valueOffset !== undefined ? valueOffset : offset;
}

/** Warnings are about keys (accepted, ignored, upgraded), so they point at the key; errors at a bad value point at the value. */
function locate(details: readonly ErrorDetail[], doc: Document, lines: LineCounter, atKey = false): ErrorDetail[] {
  return details.map((d) => {
    if (d.path === undefined) return d;
    const offset = offsetOf(doc, parsePath(d.path), atKey || d.message.startsWith('unknown key'));
    if (offset === undefined) return d;
    const { line, col } = lines.linePos(offset);
    return { ...d, line, column: col };
  });
}

/**
 * Parses a YAML (or JSON, which is YAML) config and resolves it. Every error and warning carries the
 * 1-based line and column of the offending key or value in `text`.
 */
export function parseConfigText(text: string, format: 'yaml' | 'json' = 'yaml'): ResolveResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      const message = e.message.split('\n')[0];
      return { message: `${format === 'json' ? 'JSON' : 'YAML'} syntax error: ${message}`, line, column: col };
    });
    throw new OvertureError('invalid_config', summarize(details), details);
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  try {
    const result = resolveConfig(raw);
    return { config: result.config, warnings: locate(result.warnings, doc, lines, true) };
  } catch (error) {
    if (error instanceof OvertureError && (error.code === 'invalid_config' || error.code === 'unsupported')) {
      const details = locate(error.details, doc, lines);
      throw new OvertureError(error.code, summarize(details), details);
    }
    throw error;
  }
}
