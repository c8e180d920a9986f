import { describe, expect, it } from 'vitest';
import { describeProblem, findConfigProblems, mergeProblems } from './config-problems';

const config = (trainer: string) => `input_features:\n  - name: a\n    type: number\noutput_features:\n  - name: b\n    type: category\ntrainer:\n${trainer}`;

describe('findConfigProblems', () => {
  it('puts a misspelt key on its own line with the did-you-mean', () => {
    expect(findConfigProblems(config('  epocs: 3\n'))).toEqual({
      problems: [{ severity: 'error', line: 8, column: 3, path: 'trainer.epocs', message: "unknown key 'epocs' in trainer", suggestion: "did you mean 'epochs'?" }],
      total: 1,
    });
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = findConfigProblems('trainer:\n  epochs: [3\n').problems;
    expect(problem).toMatchObject({ severity: 'error', message: expect.stringMatching(/^YAML syntax error/) });
  });

  it('finds nothing wrong in a valid config', () => {
    expect(findConfigProblems(config('  epochs: 3\n'))).toEqual({ problems: [], total: 0 });
  });

  it('lists the first 100 of many problems and counts them all, as the server does', () => {
    const keys = Array.from({ length: 5_000 }, (_, i) => `  k${i}: 1`).join('\n');
    const { problems, total } = findConfigProblems(config(`${keys}\n`));
    expect(problems).toHaveLength(100);
    expect(total).toBe(5_000);
  });
});

describe('describeProblem', () => {
  it('reads as one line: path, message, suggestion', () => {
    expect(describeProblem({ path: 'trainer.epocs', message: "unknown key 'epocs' in trainer", suggestion: "did you mean 'epochs'?" }))
      .toBe("trainer.epocs: unknown key 'epocs' in trainer (did you mean 'epochs'?)");
  });
});

describe('mergeProblems', () => {
  const unknownKey = { severity: 'error' as const, line: 3, column: 5, path: 'trainer.epoch', message: "unknown key 'epoch'" };
  const missingColumn = { severity: 'error' as const, line: 2, column: 11, path: 'input_features.0.name', message: "column 'agee' is not in the dataset" };

  it('lists a problem the editor and the refused save both found once', () => {
    expect(mergeProblems([unknownKey], [unknownKey, missingColumn])).toEqual([unknownKey, missingColumn]);
  });

  it('lists the same server problem once even when repeated', () => {
    expect(mergeProblems([], [missingColumn, missingColumn])).toEqual([missingColumn]);
  });
});
