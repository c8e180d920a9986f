'use client';
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { describeProblem, type ConfigProblem } from '@/client/config-problems';
import { CONFIG_MODEL_PATH, configureConfigSchema, monaco } from './monaco-setup';

type CodeEditor = Parameters<OnMount>[0];

/**
 * The YAML config in Monaco: completion, hover docs and schema validation from monaco-yaml, plus
 * Overture's own problems (path and did-you-mean) as markers of owner "overture".
 */
export default function YamlEditor({ value, onChange, schema, problems, readOnly = false, revealLine, height = 480 }: {
  value: string;
  onChange: (text: string) => void;
  schema: object;
  problems: ConfigProblem[];
  readOnly?: boolean;
  revealLine?: { line: number; at: number } | null;
  height?: number;
}) {
  configureConfigSchema(schema);
  const editorRef = useRef<CodeEditor | null>(null);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, 'overture', problems.map((p) => ({
      severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: describeProblem(p),
      startLineNumber: p.line,
      startColumn: p.column,
      endLineNumber: p.line,
      endColumn: Math.max(p.column + 1, model.getLineMaxColumn(Math.min(p.line, model.getLineCount()))),
      source: 'Overture',
    })));
  }, [problems]);

  useEffect(() => {
    if (!revealLine || !editorRef.current) return;
    editorRef.current.revealLineInCenter(revealLine.line);
    editorRef.current.setPosition({ lineNumber: revealLine.line, column: 1 });
    editorRef.current.focus();
  }, [revealLine]);

  return (
    <div className="editor-frame" style={{ height }} data-testid="config-editor">
      <Editor
        path={CONFIG_MODEL_PATH}
        language="yaml"
        value={value}
        onChange={(text) => onChange(text ?? '')}
        onMount={(editor) => { editorRef.current = editor; (window as unknown as { overtureMonaco: typeof monaco }).overtureMonaco = monaco; }}
        options={{ readOnly, minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, tabSize: 2, automaticLayout: true, quickSuggestions: { other: true, strings: true, comments: false }, renderValidationDecorations: 'on' }}
        loading={<div className="skeleton" style={{ height: '100%', margin: 0 }} />}
      />
    </div>
  );
}
