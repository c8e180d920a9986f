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
    ...z.toJSONSchema(ZModelConfig, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }),
    title: 'Overture model config',
    description: 'Declarative model config (Ludwig-compatible): input_features, output_features, combiner, trainer, preprocessing, defaults, hyperopt.',
  };
  return structuredClone(cached);
}
