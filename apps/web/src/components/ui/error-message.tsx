'use client';
import { ApiRequestError, describeError } from '@/client/api';

/**
 * A failed request in words a user understands, with the per-field problems when the API gave some.
 * `locatedElsewhere`: problems with a line are already marked in an editor beside it, so only the
 * others are listed here (a refused save listed each problem twice).
 */
export function ErrorMessage({ error, title, locatedElsewhere = false }: { error: unknown; title?: string; locatedElsewhere?: boolean }) {
  if (!error) return null;
  const all = error instanceof ApiRequestError ? error.problems : [];
  const problems = locatedElsewhere ? all.filter((p) => p.line === undefined) : all;
  const more = error instanceof ApiRequestError ? error.totalProblems - all.length : 0;
  const located = all.length - problems.length;
  // Every problem is in the editor: the message (which quotes a lone problem) would say it again.
  const allLocated = located > 0 && problems.length === 0 && more === 0;
  const summary = allLocated ? `The config has ${located === 1 ? 'a problem' : `${located} problems`}, marked in the editor.` : describeError(error);
  return (
    <div className="alert alert-error" role="alert">
      {title ? <strong>{title}</strong> : null}
      {summary}
      {located > 0 && !allLocated ? <> {located === 1 ? 'One problem is' : `${located} problems are`} marked in the editor.</> : null}
      {problems.length > (located > 0 ? 0 : 1) ? (
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
