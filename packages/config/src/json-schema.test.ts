import { describe, expect, it } from 'vitest';
import { configJsonSchema } from './json-schema.js';

type Schema = { properties: Record<string, Schema & Record<string, unknown>> } & Record<string, unknown>;

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as Schema;

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('documents trainer.epochs with its default and editor hints', () => {
    const epochs = schema.properties.trainer.properties.epochs;
    expect(epochs).toMatchObject({ type: 'integer', default: 100, description: 'Number of passes over the training set.', commonly_used: true });
    expect(epochs.suggested_values).toEqual([10, 50, 100, 200]);
  });

  it('describes the input side (defaults optional, unknown keys refused)', () => {
    expect(schema.required).toEqual(['input_features', 'output_features']);
    expect(schema.additionalProperties).toBe(false);
    const features = (schema.properties.input_features as unknown as { items: { oneOf: { properties: { type: { const: string } } }[] } }).items.oneOf;
    expect(features.map((f) => f.properties.type.const)).toContain('category');
  });

  it('lists the type of each default first, so the YAML worker never writes a null default as a string', () => {
    const mismatched: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const s = node as Record<string, unknown>;
      if ('default' in s && Array.isArray(s.type)) {
        const d = s.default;
        const own = d === null ? 'null' : Array.isArray(d) ? 'array' : typeof d === 'number' ? (Number.isInteger(d) ? 'integer' : 'number') : typeof d;
        const first = (s.type as string[])[0];
        if (first !== own && !(own === 'integer' && first === 'number')) mismatched.push(`${path}: ${JSON.stringify(s.type)} default ${JSON.stringify(d)}`);
      }
      for (const [k, v] of Object.entries(s)) walk(v, `${path}/${k}`);
    };
    walk(schema, '');
    expect(mismatched).toEqual([]);
    const tied = (schema.properties.input_features as unknown as { items: { oneOf: { properties: { tied: { type: string[] } } }[] } }).items.oneOf[0].properties.tied;
    expect(tied.type).toEqual(['null', 'string']);
  });
});
