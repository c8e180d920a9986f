import type { ReactNode } from 'react';

/** A labelled form control with its help text and error. */
export function Field({ id, label, help, error, children }: { id: string; label: ReactNode; help?: ReactNode; error?: string | null; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? <span className="field-error" id={`${id}-error`}>{error}</span> : help ? <span className="help" id={`${id}-help`}>{help}</span> : null}
    </div>
  );
}
