import type { JsonSchema } from './queries/models';

/** The object variants of a `oneOf`/`anyOf` keyed by their `type` constant (features, encoders, combiners…). */
export function typedVariants(schema: JsonSchema | undefined): { type: string; schema: JsonSchema }[] {
  const list = schema?.oneOf ?? schema?.anyOf ?? [];
  return list
    .filter((v) => v.properties?.type && typeof v.properties.type.const === 'string')
    .map((v) => ({ type: v.properties!.type.const as string, schema: v }));
}

export function variantFor(schema: JsonSchema | undefined, type: unknown): JsonSchema | undefined {
  return typedVariants(schema).find((v) => v.type === type)?.schema;
}

/** The schema of one input or output feature of the given type. */
export function featureSchema(root: JsonSchema, list: 'input_features' | 'output_features', type: string): JsonSchema | undefined {
  const items = root.properties?.[list]?.items;
  return items ? variantFor(items, type) : undefined;
}

/** Encoder types a feature type offers (for the basic form's encoder picker). */
export function encoderTypes(root: JsonSchema, featureType: string): string[] {
  return typedVariants(featureSchema(root, 'input_features', featureType)?.properties?.encoder).map((v) => v.type);
}

export type FieldKind = 'boolean' | 'number' | 'integer' | 'enum' | 'text' | 'number-or-word' | 'object' | 'variant' | 'unsupported';

/** How a form should edit a schema node. */
export function fieldKind(schema: JsonSchema): FieldKind {
  if (typedVariants(schema).length > 0) return 'variant';
  if (schema.enum) return 'enum';
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const types = alternatives.flatMap((a) => (a.anyOf ?? [a]).map((x) => (x.const !== undefined ? 'const' : String(x.type))));
    const plain = types.filter((t) => t !== 'null');
    if (plain.every((t) => t === 'number' || t === 'integer' || t === 'const')) return plain.includes('const') ? 'number-or-word' : 'number';
    if (plain.every((t) => t === 'string' || t === 'const')) return 'text';
    return 'unsupported';
  }
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'number') return 'number';
  if (schema.type === 'string') return 'text';
  if (schema.type === 'object' && schema.properties) return 'object';
  return 'unsupported';
}

/** The words a number-or-word field accepts besides numbers (e.g. `auto`). */
export function wordChoices(schema: JsonSchema): string[] {
  const alternatives = (schema.anyOf ?? schema.oneOf ?? []).flatMap((a) => a.anyOf ?? [a]);
  return alternatives.filter((a) => typeof a.const === 'string').map((a) => a.const as string);
}

/** The schema of one encoder of a feature type (its fields, their defaults), when the schema has it. */
export function encoderSchema(root: JsonSchema, featureType: string, encoderType: string): JsonSchema | undefined {
  return variantFor(featureSchema(root, 'input_features', featureType)?.properties?.encoder, encoderType);
}

/** Encoders read from the models root (bert, auto_transformer, …): those that take `pretrained_model_name_or_path`. */
export function isPretrainedEncoder(root: JsonSchema, featureType: string, encoderType: string | undefined): boolean {
  return encoderType !== undefined && encoderSchema(root, featureType, encoderType)?.properties?.pretrained_model_name_or_path !== undefined;
}
