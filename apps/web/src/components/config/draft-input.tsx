'use client';
import { useEffect, useState, type InputHTMLAttributes } from 'react';

/**
 * A text input that edits freely and commits on blur or Enter (so "0." or "1e-" are not rewritten
 * mid-typing); it follows outside changes of `value` (the YAML edited elsewhere).
 */
export function DraftInput({ value, onCommit, ...rest }: { value: string; onCommit: (text: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => { if (draft !== value) onCommit(draft); };
  return (
    <input
      {...rest}
      className={rest.className ?? 'input'}
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } }}
    />
  );
}

/** Text typed into a field → the YAML value: a number when it reads as one, undefined when empty. */
export function parseFieldText(text: string, numeric: boolean): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (numeric && trimmed !== '' && !Number.isNaN(Number(trimmed))) return Number(trimmed);
  return trimmed;
}
