'use client';

interface Props {
  splits: { training: number; validation: number; test: number; exact: boolean };
  warnings: string[];
}

/** "Little data": the rows each split gets and what that means, shown wherever a user can click Train. */
export function SplitWarnings({ splits, warnings }: Props) {
  if (warnings.length === 0) return null;
  return (
    <div className="alert alert-warn" role="status" data-testid="split-warnings">
      <strong>Little data: {splits.exact ? '' : 'about '}{splits.training} training, {splits.validation} validation, {splits.test} test rows</strong>
      <ul>{warnings.map((w) => <li key={w}>{w}</li>)}</ul>
    </div>
  );
}
