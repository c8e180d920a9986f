'use client';
import { ApiRequestError, describeError } from '@/client/api';

/** A failed request in words a user understands, with the per-field problems when the API gave some. */
export function ErrorMessage({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problems = error instanceof ApiRequestError ? error.problems : [];
  const more = error instanceof ApiRequestError ? error.totalProblems - problems.length : 0;
  return (
    <div className="alert alert-error" role="alert">
      {title ? <strong>{title}</strong> : null}
      {describeError(error)}
      {problems.length > 1 ? (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>{p.path ? <code>{p.path}</code> : null} {p.message}{p.suggestion ? ` — ${p.suggestion}` : ''}</li>
          ))}
          {more > 0 ? <li>… and {more.toLocaleString('en-US')} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
