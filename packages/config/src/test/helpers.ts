import { OvertureError } from '../errors.js';

/** Runs `fn`, expecting an OvertureError, and returns it (fails the test otherwise). */
export function catchOvertureError(fn: () => unknown): OvertureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof OvertureError) return error;
    throw error;
  }
  throw new Error('expected an OvertureError, but nothing was thrown');
}
