import { isPlainObject } from '../defaults.js';
import type { PathSegment } from '../path.js';

type Obj = Record<string, unknown>;

/**
 * Where a hyperopt parameter lands in the config, as Ludwig's `substitute_parameters` reads it: a
 * first segment naming an input or output feature means that feature (`price.decoder.num_fc_layers`
 * → `output_features[i].decoder.num_fc_layers`), `.` means the whole config, anything else is a
 * literal nested path (`trainer.learning_rate`, `defaults.text.encoder.vocab_size`).
 */
export function parameterTarget(config: unknown, name: string): PathSegment[] {
  if (name === '.') return [];
  const segments = name.split('.');
  const [first, ...rest] = segments;
  for (const key of ['input_features', 'output_features'] as const) {
    const features = isPlainObject(config) ? config[key] : undefined;
    if (!Array.isArray(features)) continue;
    const index = features.findIndex((f) => isPlainObject(f) && f.name === first);
    if (index >= 0) return [key, index, ...rest];
  }
  return segments;
}

/** Ludwig's `merge_dict`: mappings merge key by key, anything else replaces. */
function merge(into: unknown, value: unknown): unknown {
  if (!isPlainObject(into) || !isPlainObject(value)) return structuredClone(value);
  const out: Obj = { ...into };
  for (const [k, v] of Object.entries(value)) out[k] = merge(into[k], v);
  return out;
}

/**
 * A copy of `config` (as written, upgraded, not resolved: `defaults` and type-dependent defaults still
 * apply afterwards) with each sampled value merged at its parameter's path, in order. A sampled
 * mapping (a `choice` of whole sub-configs) merges into what is there, as in Ludwig.
 */
export function applyParameters(config: unknown, parameters: Readonly<Record<string, unknown>>): Obj {
  let root = structuredClone(isPlainObject(config) ? config : {}) as Obj;
  for (const [name, value] of Object.entries(parameters)) {
    const path = parameterTarget(root, name);
    if (path.length === 0) {
      root = merge(root, value) as Obj;
      continue;
    }
    let node: Obj | unknown[] = root;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i];
      const next: unknown = (node as Obj)[segment as string];
      if (!isPlainObject(next) && !Array.isArray(next)) (node as Obj)[segment as string] = {};
      node = (node as Obj)[segment as string] as Obj;
    }
    const last = path[path.length - 1] as string;
    (node as Obj)[last] = merge((node as Obj)[last], value);
  }
  return root;
}
