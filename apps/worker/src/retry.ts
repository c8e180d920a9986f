/** Errors of a database or network that is restarting: the same write succeeds later. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', // admin_shutdown, crash_shutdown, cannot_connect_now
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '40001', '40P01', // serialization failure, deadlock
]);

export function isTransientError(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (e?.code && TRANSIENT_CODES.has(e.code)) return true;
  return /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|the database system is (starting up|shutting down)/i
    .test(e?.message ?? '');
}

export interface RetryOptions {
  what: string;
  log?: (message: string) => void;
  /** Give up after this long (default 10 minutes); the job then fails and BullMQ retries it. */
  maxMs?: number;
}

/** Retries `fn` with backoff (100 ms doubling to 2 s) while it fails with a transient error. */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + (options.maxMs ?? 600_000);
  let delay = 100;
  let warned = false;
  for (;;) {
    try {
      const value = await fn();
      if (warned) options.log?.(`${options.what}: succeeded after retrying`);
      return value;
    } catch (error) {
      if (!isTransientError(error) || Date.now() + delay > deadline) throw error;
      if (!warned) options.log?.(`${options.what} failed (${(error as Error).message}); retrying until the service is back`);
      warned = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 2000);
    }
  }
}
