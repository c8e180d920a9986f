/**
 * A write carried an attempt that is no longer the run's current one: another worker has taken
 * the run over (or it finished). The writer must stop; its work belongs to the newer attempt.
 */
export class StaleAttemptError extends Error {
  constructor(readonly runId: string, readonly attempt: number) {
    super(`run ${runId}: attempt ${attempt} is no longer current (another worker took the run over, or it finished)`);
    this.name = 'StaleAttemptError';
  }
}

export function isStaleAttemptError(error: unknown): error is StaleAttemptError {
  return error instanceof StaleAttemptError;
}
