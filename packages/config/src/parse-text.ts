import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { findShapeProblem } from './check-shape.js';
import { OvertureError, type ErrorDetail } from './errors.js';
import { defaultConfigLimits, type ConfigLimits } from './limits.js';
import type { PathSegment } from './path.js';
import { ConfigProblemsError, resolveConfig, type ResolveResult } from './resolve.js';
import { upgradeConfig, writtenPath, type PathMove } from './upgrade/index.js';
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
 * Finds keys in the document's maps. Each map's keys are indexed once, on first use, so locating
 * 100 problems in a mapping of 30,000 keys reads it once, not 100 times.
 */
class KeyIndex {
  private readonly maps = new WeakMap<YAMLMap, Map<string, Pair>>();

  pair(map: YAMLMap, key: PathSegment): Pair | undefined {
    let index = this.maps.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      }
      this.maps.set(map, index);
    }
    return index.get(String(key));
  }
}

/**
 * The text offset of the deepest node along `path`. For a missing last key (an unknown key is
 * reported at its own path) the key itself is found; otherwise the nearest existing ancestor.
 */
function offsetOf(doc: Document, keys: KeyIndex, path: readonly PathSegment[], preferKey: boolean): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = keys.pair(node, segment);
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
function locate(details: readonly ErrorDetail[], doc: Document, lines: LineCounter, atKey = false, moves: readonly PathMove[] = []): ErrorDetail[] {
  const keys = new KeyIndex();
  return details.map((d) => {
    if (d.path === undefined) return d;
    // A problem found after upgrading names the upgraded path; it is located where the user wrote it.
    const written = writtenPath(moves, d.path);
    const offset = offsetOf(doc, keys, parsePath(written), atKey || d.message.startsWith('unknown key'));
    if (offset === undefined) return d;
    const { line, col } = lines.linePos(offset);
    return { ...d, line, column: col };
  });
}

/**
 * Adds the line and column of each problem's path in `text` (for checks made outside this package,
 * e.g. that a feature's column is in the dataset). Parses the text once, whatever the number of problems.
 */
export function locateInText(text: string, details: readonly ErrorDetail[]): ErrorDetail[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  return locate(details, doc, lines);
}

const refuse = (details: ErrorDetail[], code: 'invalid_config' | 'too_large' = 'invalid_config') => new OvertureError(code, summarize(details), details);

/**
 * Duplicate keys and nesting depth, read off the document without recursion. (The `yaml`
 * package's own `uniqueKeys` check compares each key with every earlier one: quadratic in the keys
 * of a mapping.) Aliases are not followed here; their expansion is measured on the parsed value.
 */
function findStructureProblem(doc: Document, lines: LineCounter, limits: ConfigLimits): ErrorDetail | null {
  const at = (node: Node | null | undefined) => {
    const offset = node?.range?.[0];
    if (offset === undefined) return {};
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= limits.maxDepth) return { message: `the config is nested more than ${limits.maxDepth} levels deep`, ...at(node) };
    if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (isScalar(pair.key)) {
        const key = String(pair.key.value);
        if (seen.has(key) && key !== '<<') return { message: `the key '${key}' appears twice in one mapping; keep one`, ...at(pair.key) };
        seen.add(key);
      } else if (pair.key !== null && !isAlias(pair.key)) {
        stack.push({ node: pair.key, depth: depth + 1 });
      }
      stack.push({ node: pair.value, depth: depth + 1 });
    }
  }
  return null;
}

/** The parsed value, or the reason it cannot be had (an alias bomb stopped by `maxAliasCount`). */
function toValue(doc: Document, limits: ConfigLimits): unknown {
  try {
    return doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    // `yaml` throws a ReferenceError for an alias bomb and for an alias to a missing anchor.
    const why = /alias count/i.test((error as Error).message)
      ? `the config expands YAML aliases (*name) or merge keys (<<) more than ${limits.maxAliases} times`
      : `the YAML could not be read: ${(error as Error).message}`;
    throw refuse([{ message: why }]);
  }
}

/** The parsed value of a config text, with the document to locate problems in. Refuses what `limits` forbid. */
function readConfigText(text: string, format: 'yaml' | 'json', limits: ConfigLimits): { raw: unknown; doc: Document; lines: LineCounter } {
  if (text.length > limits.maxTextLength) {
    throw refuse([{ message: `the config is ${text.length.toLocaleString('en-US')} characters long; the limit is ${limits.maxTextLength.toLocaleString('en-US')}` }], 'too_large');
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const kind = format === 'json' ? 'JSON' : 'YAML';
  if (doc.errors.length > 0) {
    // `yaml` reports its own stack overflow on very deep nesting as a syntax error (once per level it unwinds).
    const tooDeep = doc.errors.find((e) => /call stack/i.test(e.message));
    const errors = tooDeep ? [tooDeep] : doc.errors;
    const details = errors.slice(0, limits.maxReportedProblems).map((e) => {
      const { line, col } = lines.linePos(e.pos[0]);
      const message = e === tooDeep ? `the config is nested more than ${limits.maxDepth} levels deep` : `${kind} syntax error: ${e.message.split('\n')[0]}`;
      return { message, line, column: col };
    });
    throw new OvertureError('invalid_config', summarize(details, errors.length), details, errors.length);
  }
  const structure = findStructureProblem(doc, lines, limits);
  if (structure) throw refuse([structure]);
  const raw = toValue(doc, limits);
  const shape = findShapeProblem(raw, limits);
  if (shape) throw refuse(locate([shape], doc, lines));
  return { raw, doc, lines };
}

/**
 * Parses a YAML (or JSON, which is YAML) config and resolves it. Every error and warning carries the
 * 1-based line and column of the offending key or value in `text` (a problem in an upgraded legacy
 * section points at what the user wrote). Time is linear in the text, which is bounded by `limits`
 * (size, keys, depth, aliases); an error lists the first `limits.maxReportedProblems` problems and
 * `total` counts them all.
 */
export function parseConfigText(text: string, format: 'yaml' | 'json' = 'yaml', limits: ConfigLimits = defaultConfigLimits): ResolveResult {
  const { raw, doc, lines } = readConfigText(text, format, limits);
  try {
    const result = resolveConfig(raw, limits);
    return { config: result.config, warnings: locate(result.warnings, doc, lines, true), moves: result.moves };
  } catch (error) {
    if (error instanceof OvertureError && (error.code === 'invalid_config' || error.code === 'unsupported')) {
      const details = locate(error.details, doc, lines, false, error instanceof ConfigProblemsError ? error.moves : []);
      throw new OvertureError(error.code, summarize(details, error.total), details, error.total);
    }
    throw error;
  }
}

/**
 * Upgrades a config text to the current language without validating it (`overture render-config
 * --upgrade`): the upgraded config and one located warning per upgraded key. A legacy key that
 * disagrees with its new place is an error naming both paths.
 */
export function upgradeConfigText(text: string, format: 'yaml' | 'json' = 'yaml', limits: ConfigLimits = defaultConfigLimits): { config: unknown; warnings: ErrorDetail[] } {
  const { raw, doc, lines } = readConfigText(text, format, limits);
  const { config, warnings, conflicts } = upgradeConfig(raw);
  if (conflicts.length > 0) throw refuse(locate(conflicts, doc, lines, true));
  return { config, warnings: locate(warnings, doc, lines, true) };
}
