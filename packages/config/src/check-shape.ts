import type { ErrorDetail } from './errors.js';
import type { ConfigLimits } from './limits.js';
import { formatPath, type PathSegment } from './path.js';

interface Entry {
  value: unknown;
  depth: number;
  parent: Entry | null;
  segment: PathSegment | null;
}

const pathOf = (entry: Entry): string => {
  const segments: PathSegment[] = [];
  for (let e: Entry | null = entry; e && e.segment !== null; e = e.parent) segments.push(e.segment);
  return formatPath(segments.reverse());
};

const isPlain = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/**
 * The first way a parsed config breaks the limits, or null. Walks the value without recursion
 * (so 10,000 levels cannot overflow the stack) and visits shared objects once per use, so a YAML
 * alias bomb or a cycle is stopped after `maxNodes` steps, whatever it would expand to. Only JSON
 * values pass: YAML 1.1 tags (`!!set`, `!!binary`, timestamps) would reach the schema as objects.
 */
export function findShapeProblem(root: unknown, limits: ConfigLimits): ErrorDetail | null {
  const stack: Entry[] = [{ value: root, depth: 0, parent: null, segment: null }];
  let nodes = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value, depth } = entry;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength) {
        return { path: pathOf(entry), message: `a string of ${value.length} characters; the limit is ${limits.maxStringLength}` };
      }
      continue;
    }
    if (value === null || typeof value === 'number' || typeof value === 'boolean') continue;
    if (typeof value !== 'object' || !(Array.isArray(value) || isPlain(value))) {
      const kind = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
      return { path: pathOf(entry), message: `a ${kind} value; a config holds only mappings, lists, strings, numbers, booleans and null` };
    }
    if (depth >= limits.maxDepth) {
      return { path: pathOf(entry), message: `the config is nested more than ${limits.maxDepth} levels deep` };
    }
    if (Array.isArray(value)) {
      if (value.length > limits.maxListItems) {
        return { path: pathOf(entry), message: `a list of ${value.length} items; the limit is ${limits.maxListItems}` };
      }
      nodes += value.length;
      if (nodes > limits.maxNodes) return tooManyNodes(limits);
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, parent: entry, segment: i });
      continue;
    }
    const keys = Object.keys(value);
    nodes += keys.length;
    if (nodes > limits.maxNodes) return tooManyNodes(limits);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k];
      if (key.length > limits.maxStringLength) {
        return { path: pathOf(entry), message: `a key of ${key.length} characters; the limit is ${limits.maxStringLength}` };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: entry, segment: key });
    }
  }
  return null;
}

function tooManyNodes(limits: ConfigLimits): ErrorDetail {
  return {
    path: '',
    message: `the config has more than ${limits.maxNodes.toLocaleString('en-US')} keys and list items (counting every use of a YAML alias); that is the limit`,
  };
}
