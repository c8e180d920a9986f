import { isOvertureError, parseConfigText, type ErrorDetail } from '@overture/config';

export interface ConfigProblem {
  severity: 'error' | 'warning';
  line: number;
  column: number;
  path?: string;
  message: string;
  suggestion?: string;
}

const toProblem = (severity: ConfigProblem['severity']) => (d: ErrorDetail): ConfigProblem => ({
  severity, line: d.line ?? 1, column: d.column ?? 1, path: d.path, message: d.message, suggestion: d.suggestion,
});

/**
 * The config's problems as the server would report them (the same parser, schema and limits, which
 * are browser-safe): errors with path, line, column and a did-you-mean; warnings for accepted
 * oddities. `total` counts every problem when `problems` lists only the first 100.
 */
export function findConfigProblems(text: string): { problems: ConfigProblem[]; total: number } {
  try {
    const problems = parseConfigText(text).warnings.map(toProblem('warning'));
    return { problems, total: problems.length };
  } catch (error) {
    if (isOvertureError(error)) return { problems: error.details.map(toProblem('error')), total: error.total };
    return { problems: [{ severity: 'error', line: 1, column: 1, message: (error as Error).message }], total: 1 };
  }
}

/** One line a person can read: `trainer.epocs: unknown key 'epocs' in trainer (did you mean 'epochs'?)`. */
export function describeProblem(p: { path?: string; message: string; suggestion?: string }): string {
  return `${p.path ? `${p.path}: ` : ''}${p.message}${p.suggestion ? ` (${p.suggestion})` : ''}`;
}

/** One problem's identity: where it is and what it says. */
export const problemKey = (p: ConfigProblem) => `${p.line}:${p.column}:${p.path ?? ''}:${p.message}`;

/** The editor's and the server's problems, each once (a refused save repeats what the editor found). */
export function mergeProblems(local: ConfigProblem[], server: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set(local.map(problemKey));
  const fresh = server.filter((p) => {
    const key = problemKey(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...local, ...fresh];
}
