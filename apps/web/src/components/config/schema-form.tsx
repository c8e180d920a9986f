'use client';
import { useState, type ReactNode } from 'react';
import type { JsonSchema } from '@/client/queries/models';
import { fieldKind } from '@/client/schema-walk';
import type { ConfigPath } from '@/client/yaml-doc';
import { SchemaField } from './schema-field';

/**
 * The fields of an object schema: `commonly_used` ones first, the rest behind "all options".
 * Generated from the JSON Schema's metadata (descriptions, suggested values, defaults).
 */
export function SchemaObjectFields({ schema, path, value, onSet, depth, showAll }: { schema: JsonSchema; path: ConfigPath; value: unknown; onSet: (path: ConfigPath, value: unknown) => void; depth: number; showAll: boolean }) {
  const current = (value ?? {}) as Record<string, unknown>;
  const entries = Object.entries(schema.properties ?? {}).filter(([key, s]) => key !== 'type' && fieldKind(s) !== 'unsupported' && (showAll || s.commonly_used || current[key] !== undefined));
  const renderObject = (s: JsonSchema, p: ConfigPath, v: unknown, d: number): ReactNode => <SchemaObjectFields schema={s} path={p} value={v} onSet={onSet} depth={d} showAll={showAll} />;
  const leaves = entries.filter(([, s]) => !['object', 'variant'].includes(fieldKind(s)));
  const groups = entries.filter(([, s]) => ['object', 'variant'].includes(fieldKind(s)));
  return (
    <>
      <div className="form-row">
        {leaves.map(([key, s]) => <SchemaField key={key} name={key} schema={s} path={[...path, key]} value={current[key]} onSet={onSet} depth={depth} renderObject={renderObject} />)}
      </div>
      {groups.map(([key, s]) => <SchemaField key={key} name={key} schema={s} path={[...path, key]} value={current[key]} onSet={onSet} depth={depth} renderObject={renderObject} />)}
    </>
  );
}

/** A top-level section (trainer, combiner, preprocessing) with its "show all options" switch. */
export function SchemaSection({ title, schema, path, value, onSet }: { title: string; schema: JsonSchema; path: ConfigPath; value: unknown; onSet: (path: ConfigPath, value: unknown) => void }) {
  const [showAll, setShowAll] = useState(false);
  const id = `all-${path.join('-')}`;
  return (
    <section className="card" aria-label={`${title} options`}>
      <div className="card-header">
        <div><h3>{title}</h3>{schema.description ? <p>{schema.description}</p> : null}</div>
        <span className="checkbox small"><input id={id} type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /><label htmlFor={id}>All options</label></span>
      </div>
      <div className="card-body">
        <SchemaField
          name={title}
          schema={schema}
          path={path}
          value={value}
          onSet={onSet}
          depth={3}
          bare
          renderObject={(s, p, v, d) => <SchemaObjectFields schema={s} path={p} value={v} onSet={onSet} depth={d} showAll={showAll} />}
        />
      </div>
    </section>
  );
}
