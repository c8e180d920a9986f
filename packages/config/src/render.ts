import { Document, isMap, isSeq } from 'yaml';
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
  const document = new Document(orderKeys(config, sectionOrder), { aliasDuplicateObjects: false });
  noteTextEncoders(document);
  return document.toString({ lineWidth: 0 });
}

export const TF_IDF_NOTE = " tf_idf, not Ludwig's default parallel_cnn: the text default of Overture's auto-config (the other text encoders of the schema train too)";

/** Says, above a text input's tf_idf encoder, why it is not Ludwig's default. */
function noteTextEncoders(document: Document): void {
  const features = document.get('input_features', true);
  if (!isSeq(features)) return;
  for (const feature of features.items) {
    if (!isMap(feature) || feature.get('type') !== 'text') continue;
    const encoder = feature.get('encoder', true);
    if (isMap(encoder) && encoder.get('type') === 'tf_idf') {
      const pair = feature.items.find((item) => (item.key as { value?: unknown } | null)?.value === 'encoder');
      if (pair && pair.key && typeof pair.key === 'object') (pair.key as { commentBefore?: string }).commentBefore = TF_IDF_NOTE;
    }
  }
}
