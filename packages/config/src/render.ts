import { stringify } from 'yaml';
import { isPlainObject } from './defaults.js';
import type { ModelConfig, ResolvedConfig } from './schema.js';

/** Top-level sections in the order users read them (Ludwig's rendered config order). */
const sectionOrder = [
  'overture_version', 'model_type', 'ludwig_version', 'input_features', 'output_features', 'combiner', 'trainer',
  'preprocessing', 'defaults', 'hyperopt', 'backend', 'preset',
];
/** Within a feature: identity first, then its blocks. */
const featureOrder = ['name', 'type', 'column', 'tied', 'encoder', 'decoder', 'loss', 'preprocessing'];

function orderKeys(value: unknown, order: readonly string[] = ['type']): unknown {
  if (Array.isArray(value)) return value.map((v) => orderKeys(v, order));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  // Stable: listed keys first in that order, the rest as the schema wrote them.
  keys.sort((a, b) => rank(a) - rank(b));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const child = value[key];
    const childOrder = key === 'input_features' || key === 'output_features' ? featureOrder : ['type'];
    if (child !== undefined) out[key] = orderKeys(child, childOrder);
  }
  return out;
}

/** YAML of a config (resolved or as written), with a stable key order. */
export function renderConfigYaml(config: ResolvedConfig | ModelConfig): string {
  return stringify(orderKeys(config, sectionOrder), { lineWidth: 0, aliasDuplicateObjects: false });
}
