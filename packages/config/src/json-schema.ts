import { z } from 'zod';
import { ZModelConfig } from './schema.js';

let cached: Record<string, unknown> | undefined;

/**
 * JSON Schema (draft 2020-12) of what users write, for Monaco's YAML/JSON completion, validation and
 * hover docs. Field descriptions and the `commonly_used` / `suggested_values` hints come from the
 * zod metadata.
 */
export function configJsonSchema(): Record<string, unknown> {
  cached ??= {
    ...defaultTypeFirst(z.toJSONSchema(ZModelConfig, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' })),
    title: 'Overture model config',
    description: 'Declarative model config (Ludwig-compatible): input_features, output_features, combiner, trainer, preprocessing, defaults, hyperopt.',
  };
  return structuredClone(cached);
}

const jsonType = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
};

/**
 * Puts the type of a field's default first in its `type` list (`["null", "string"]` for a nullable
 * string defaulting to null). The YAML language server reads only the first type when it writes a
 * default into a completion, and treated a null default of a `["string", "null"]` field as a string
 * (`tied`, `pretrained_embeddings`, …): completing inside an input feature threw in its worker.
 */
function defaultTypeFirst<T>(node: T): T {
  if (Array.isArray(node)) {
    node.forEach(defaultTypeFirst);
  } else if (node !== null && typeof node === 'object') {
    const schema = node as Record<string, unknown>;
    if ('default' in schema && Array.isArray(schema.type)) {
      const types = schema.type as string[];
      const own = jsonType(schema.default);
      const first = types.includes(own) ? own : own === 'integer' && types.includes('number') ? 'number' : undefined;
      if (first !== undefined) schema.type = [first, ...types.filter((t) => t !== first)];
    }
    Object.values(schema).forEach(defaultTypeFirst);
  }
  return node;
}
