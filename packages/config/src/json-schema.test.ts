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
});
