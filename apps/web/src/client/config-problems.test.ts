import { describe, expect, it } from 'vitest';
import { describeProblem, findConfigProblems } from './config-problems';

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
