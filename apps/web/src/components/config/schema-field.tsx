'use client';
import type { ReactNode } from 'react';
import type { JsonSchema } from '@/client/queries/models';
import { fieldKind, typedVariants, variantFor, wordChoices } from '@/client/schema-walk';
import type { ConfigPath } from '@/client/yaml-doc';
import { DraftInput, parseFieldText } from './draft-input';

export interface FieldProps {
  name: string;
  schema: JsonSchema;
  path: ConfigPath;
  value: unknown;
  onSet: (path: ConfigPath, value: unknown) => void;
  /** Nested objects and variants render their own fields up to this depth. */
  depth: number;
  renderObject: (schema: JsonSchema, path: ConfigPath, value: unknown, depth: number) => ReactNode;
  /** A top-level section: no frame of its own (its card has the title). */
  bare?: boolean;
}

const show = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** One config key as a form control chosen from its JSON Schema, with its description and suggested values. */
export function SchemaField({ name, schema, path, value, onSet, depth, renderObject, bare = false }: FieldProps) {
  const kind = fieldKind(schema);
  const id = `cfg-${path.join('-')}`;
  const help = schema.description;
  const placeholder = schema.default !== undefined && schema.default !== null && typeof schema.default !== 'object' ? `default: ${show(schema.default)}` : undefined;
  const suggestions = (schema.suggested_values ?? []).filter((v) => typeof v !== 'object');
  const listId = suggestions.length > 0 ? `${id}-suggested` : undefined;
  const label = <label htmlFor={id}>{name}{schema.commonly_used ? null : <span className="faint small"> · advanced</span>}</label>;

  if (kind === 'object' || kind === 'variant') {
    if (depth <= 0) return null;
    const variants = typedVariants(schema);
    const current = (value ?? schema.default ?? {}) as Record<string, unknown>;
    const variant = kind === 'variant' ? variantFor(schema, current.type) ?? variants[0]?.schema : schema;
    const body = (
      <>
        {kind === 'variant' ? (
          <div className="field">
            <label htmlFor={id}>type</label>
            <select id={id} className="input" value={String(current.type ?? variants[0]?.type ?? '')} onChange={(e) => onSet(path, { type: e.target.value })}>
              {variants.map((v) => <option key={v.type} value={v.type}>{v.type}</option>)}
            </select>
            {variant?.properties?.type?.description ? <span className="help">{variant.properties.type.description}</span> : null}
          </div>
        ) : null}
        {variant ? renderObject(variant, path, value, depth - 1) : null}
      </>
    );
    if (bare) return body;
    return (
      <fieldset>
        <legend>{name}</legend>
        {help ? <p className="help small muted">{help}</p> : null}
        {body}
      </fieldset>
    );
  }

  let control: ReactNode;
  if (kind === 'boolean') {
    return (
      <div className="field">
        <span className="checkbox">
          <input id={id} type="checkbox" checked={Boolean(value ?? schema.default)} onChange={(e) => onSet(path, e.target.checked)} />
          <label htmlFor={id}>{name}</label>
        </span>
        {help ? <span className="help">{help}</span> : null}
      </div>
    );
  } else if (kind === 'enum') {
    control = (
      <select id={id} className="input" value={show(value)} onChange={(e) => onSet(path, e.target.value === '' ? undefined : e.target.value)}>
        <option value="">{placeholder ?? '(default)'}</option>
        {(schema.enum ?? []).map((v) => <option key={String(v)} value={String(v)}>{String(v)}</option>)}
      </select>
    );
  } else if (kind === 'unsupported') {
    control = <input id={id} className="input" disabled value={show(value)} placeholder="edit this one in YAML" />;
  } else {
    const numeric = kind === 'number' || kind === 'integer' || kind === 'number-or-word';
    const words = kind === 'number-or-word' ? wordChoices(schema) : [];
    control = (
      <DraftInput
        id={id}
        value={show(value)}
        placeholder={placeholder}
        list={listId}
        inputMode={numeric && words.length === 0 ? 'decimal' : undefined}
        onCommit={(text) => onSet(path, parseFieldText(text, numeric))}
      />
    );
  }
  return (
    <div className="field">
      {label}
      {control}
      {listId ? <datalist id={listId}>{suggestions.map((v) => <option key={String(v)} value={String(v)} />)}</datalist> : null}
      {help ? <span className="help">{help}{suggestions.length > 0 ? ` Suggested: ${suggestions.map(String).join(', ')}.` : ''}</span> : null}
    </div>
  );
}
