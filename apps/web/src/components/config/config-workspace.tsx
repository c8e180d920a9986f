'use client';
import { useEffect, useMemo, useState } from 'react';
import { ApiRequestError } from '@/client/api';
import { describeProblem, findConfigProblems, mergeProblems, problemKey, type ConfigProblem } from '@/client/config-problems';
import type { JsonSchema } from '@/client/queries/models';
import { parseConfigDocument, withValueAt, type ConfigPath } from '@/client/yaml-doc';
import { Tabs } from '../ui/tabs';
import { BasicConfigForm } from './basic-config-form';
import { ConfigEditor } from './config-editor';
import { SchemaSection } from './schema-form';

type View = 'basic' | 'advanced' | 'yaml';

/** Problems of the text (the first 100 and how many in all), recomputed a moment after typing stops. */
function useProblems(text: string): ReturnType<typeof findConfigProblems> {
  const [problems, setProblems] = useState(() => findConfigProblems(text));
  useEffect(() => {
    const timer = setTimeout(() => setProblems(findConfigProblems(text)), 250);
    return () => clearTimeout(timer);
  }, [text]);
  return problems;
}

/** Problems the server found on save (e.g. a column the dataset lacks), as editor problems. */
export function serverProblems(error: unknown): ConfigProblem[] {
  if (!(error instanceof ApiRequestError)) return [];
  return error.problems.filter((p) => p.line !== undefined).map((p) => ({ severity: 'error', line: p.line!, column: p.column ?? 1, path: p.path, message: p.message, suggestion: p.suggestion }));
}


/**
 * The save's problems while the text is still the one that was refused: an edit after a refused
 * save makes them stale (the next save checks again), so they go rather than outlive the fix.
 */
function useServerProblems(extra: ConfigProblem[], text: string): ConfigProblem[] {
  const key = extra.map(problemKey).join('\n');
  const [refused, setRefused] = useState<{ key: string; text: string }>({ key, text });
  if (refused.key !== key) setRefused({ key, text }); // new problems arrived: they are about this text
  return refused.key === key && refused.text === text ? extra : [];
}

/**
 * One config, three views that stay in sync: the basic form, the advanced form generated from the
 * schema, and the YAML in Monaco. The YAML text is the single state; forms edit it through the document.
 */
export function ConfigWorkspace({ text, onChange, schema, extraProblems = [], readOnly = false }: { text: string; onChange: (text: string) => void; schema: JsonSchema; extraProblems?: ConfigProblem[]; readOnly?: boolean }) {
  const [view, setView] = useState<View>('basic');
  const [reveal, setReveal] = useState<{ line: number; at: number } | null>(null);
  const { problems, total } = useProblems(text);
  const fromServer = useServerProblems(extraProblems, text);
  const all = useMemo(() => mergeProblems(problems, fromServer), [problems, fromServer]);
  const more = total - problems.length;
  const doc = useMemo(() => parseConfigDocument(text), [text]);
  const onSet = (path: ConfigPath, value: unknown) => onChange(withValueAt(text, path, value));
  const errors = all.filter((p) => p.severity === 'error');
  const sections = ['trainer', 'combiner', 'preprocessing'] as const;
  return (
    <div>
      <Tabs label="Config views" value={view} onChange={setView} tabs={[{ id: 'basic', label: 'Basic' }, { id: 'advanced', label: 'Advanced' }, { id: 'yaml', label: 'YAML' }]} />
      {view !== 'yaml' && !doc ? <div className="alert alert-error">The YAML does not parse, so the forms cannot show it. Fix it in the YAML tab.</div> : null}
      {view === 'basic' && doc ? <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}><BasicConfigForm doc={doc} schema={schema} onSet={onSet} /></fieldset> : null}
      {view === 'advanced' && doc ? (
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          {sections.map((key) => schema.properties?.[key] ? <SchemaSection key={key} title={key} schema={schema.properties[key]} path={[key]} value={doc.toJS()?.[key]} onSet={onSet} /> : null)}
        </fieldset>
      ) : null}
      {view === 'yaml' ? <ConfigEditor value={text} onChange={onChange} schema={schema} problems={all} readOnly={readOnly} revealLine={reveal} /> : null}
      {all.length > 0 ? (
        <ul className="problems" aria-label="Config problems">
          {all.map((p, i) => (
            <li key={i} className={p.severity}>
              <button type="button" className="problem-link" onClick={() => { setView('yaml'); setReveal({ line: p.line, at: Date.now() }); }}>
                <strong>Line {p.line}</strong> — {describeProblem(p)}
              </button>
            </li>
          ))}
          {more > 0 ? <li className="error">… and {more.toLocaleString('en-US')} more problems (fix these first)</li> : null}
        </ul>
      ) : null}
      {errors.length === 0 ? <p className="small muted section-gap">The config is valid.</p> : null}
    </div>
  );
}
