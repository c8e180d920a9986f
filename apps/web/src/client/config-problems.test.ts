import { describe, expect, it } from 'vitest';
import { describeProblem, findConfigProblems } from './config-problems';

const config = (trainer: string) => `input_features:\n  - name: a\n    type: number\noutput_features:\n  - name: b\n    type: category\ntrainer:\n${trainer}`;

describe('findConfigProblems', () => {
  it('puts a misspelt key on its own line with the did-you-mean', () => {
    expect(findConfigProblems(config('  epocs: 3\n'))).toEqual([
      { severity: 'error', line: 8, column: 3, path: 'trainer.epocs', message: "unknown key 'epocs' in trainer", suggestion: "did you mean 'epochs'?" },
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const [problem] = findConfigProblems('trainer:\n  epochs: [3\n');
    expect(problem).toMatchObject({ severity: 'error', message: expect.stringMatching(/^YAML syntax error/) });
  });

  it('finds nothing wrong in a valid config', () => {
    expect(findConfigProblems(config('  epochs: 3\n'))).toEqual([]);
  });
});

describe('describeProblem', () => {
  it('reads as one line: path, message, suggestion', () => {
    expect(describeProblem({ path: 'trainer.epocs', message: "unknown key 'epocs' in trainer", suggestion: "did you mean 'epochs'?" }))
      .toBe("trainer.epocs: unknown key 'epocs' in trainer (did you mean 'epochs'?)");
  });
});
