'use client';
import { DiffEditor } from '@monaco-editor/react';
import './monaco-setup';

export default function YamlDiffEditor({ original, modified, height = 420 }: { original: string; modified: string; height?: number }) {
  return (
    <div className="editor-frame" style={{ height }} data-testid="config-diff">
      <DiffEditor original={original} modified={modified} language="yaml" options={{ readOnly: true, renderSideBySide: true, minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true }} />
    </div>
  );
}
